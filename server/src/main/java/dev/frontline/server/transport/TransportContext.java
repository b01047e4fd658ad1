package dev.frontline.server.transport;

import dev.frontline.server.agent.Directory;
import dev.frontline.server.api.Api;
import dev.frontline.server.auth.AuthService;
import dev.frontline.server.cluster.Relay;
import dev.frontline.server.config.EdgeConfig;
import dev.frontline.server.config.ServerConfig.Limits;
import dev.frontline.server.conversation.ConversationService;
import dev.frontline.server.metrics.MetricsEndpoint;
import dev.frontline.server.metrics.ServerMetrics;
import dev.frontline.server.health.Health;
import java.util.concurrent.ExecutorService;

/**
 * What the network edge hands requests and frames to. In cluster mode the public port has a
 * {@code relay} and no domain ({@code api}, {@code conversations}, {@code auth}, {@code directory}
 * are null): sockets and API calls go to the cluster's leader.
 */
record TransportContext(
    Api api,
    ConversationService conversations,
    AuthService auth,
    Directory directory,
    ExecutorService apiPool,
    Limits limits,
    EdgeConfig edge,
    Liveness liveness,
    StaticFiles files,
    Health health,
    ServerMetrics metrics,
    MetricsEndpoint metricsEndpoint,
    Relay relay) {}

package dev.frontline.server.transport;

import dev.frontline.server.agent.Directory;
import dev.frontline.server.api.Api;
import dev.frontline.server.auth.AuthService;
import dev.frontline.server.config.ServerConfig.Limits;
import dev.frontline.server.conversation.ConversationService;
import dev.frontline.server.health.Health;
import java.util.concurrent.ExecutorService;

/** What the network edge hands requests and frames to. */
record TransportContext(
    Api api,
    ConversationService conversations,
    AuthService auth,
    Directory directory,
    ExecutorService apiPool,
    Limits limits,
    Liveness liveness,
    StaticFiles files,
    Health health) {}

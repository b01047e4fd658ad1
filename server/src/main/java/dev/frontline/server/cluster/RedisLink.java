package dev.frontline.server.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's link to Redis in cluster mode: one command connection and one pub/sub connection
 * (Lettuce, asynchronous, on its own small Netty event loops; see decision 0010). Connecting never
 * blocks the caller: a first connection that fails is retried with back-off on the timers, and
 * once connected Lettuce reconnects by itself with back-off. While a connection is down its
 * commands fail at once rather than queue, so the health probe ({@link #ping}) sees the outage.
 *
 * <p>{@link #listen} channels before {@link #start}; Lettuce subscribes them again after a
 * reconnect. Messages published while a connection is down are lost: whoever relies on them
 * numbers them and treats a gap as a break (see {@link Relay} and {@link Hub}).
 */
public final class RedisLink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
  private static final long MAX_RETRY_MS = 5_000;
  /**
   * Commands queued or awaiting their answer on one connection, beyond which a new one fails at
   * once: a Redis that stops answering while connected costs bounded memory, and a publish
   * refused that way is a gap its receiver sees.
   */
  private static final int MAX_QUEUED = 50_000;

  private final RedisURI uri;
  private final String prefix;
  private final java.util.concurrent.CompletableFuture<Void> firstConnection =
      new java.util.concurrent.CompletableFuture<>();
  private final ClientResources resources;
  private final RedisClient client;
  private volatile StatefulRedisConnection<String, String> commands;
  private volatile StatefulRedisPubSubConnection<String, String> pubsub;
  private volatile String lastFailure = "not connected yet";
  private final java.util.Map<String, java.util.function.Consumer<String>> listeners =
      new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean closed;
  /** Back-off of the first connection; only the connecting callbacks touch it, one at a time. */
  private long retryMs = 100;

  /**
   * @param url {@code redis://} or {@code rediss://} URL (checked by the configuration)
   * @param prefix the cluster name: prefix of every key and channel
   */
  public RedisLink(String url, String prefix) {
    this.uri = RedisURI.create(url);
    this.uri.setTimeout(COMMAND_TIMEOUT);
    this.prefix = prefix;
    this.resources = ClientResources.builder()
        .ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofMillis(MAX_RETRY_MS), 2,
            TimeUnit.MILLISECONDS))
        .build();
    this.client = RedisClient.create(resources);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).keepAlive(true).build())
        .timeoutOptions(TimeoutOptions.builder().timeoutSource(new PublishesWait()).build())
        .requestQueueSize(MAX_QUEUED)
        .build());
  }

  /**
   * Every command but {@code PUBLISH} fails after {@link #COMMAND_TIMEOUT}. A publish has none:
   * Lettuce never writes a command that has timed out, so a publish that waited two seconds
   * behind a stalled thread or a slow Redis would be dropped from the middle of a numbered
   * stream, and its receiver would take the gap for a break and close every socket it serves
   * (performance.md, problem 8). Without the timeout it goes out late and in order; a Redis that
   * does not answer at all is seen by {@link #ping}, and the receivers' watchdogs end a silent
   * sender after five seconds.
   */
  private static final class PublishesWait extends TimeoutOptions.TimeoutSource {
    @Override
    public long getTimeout(RedisCommand<?, ?, ?> command) {
      return command.getType() == CommandType.PUBLISH ? 0 : COMMAND_TIMEOUT.toMillis();
    }

    @Override
    public TimeUnit getTimeUnit() {
      return TimeUnit.MILLISECONDS;
    }
  }

  /** A channel name of this cluster. */
  public String channel(String name) {
    return prefix + ":" + name;
  }

  /**
   * Hands every message of {@code channel} to {@code listener}, on a Lettuce I/O thread, in the
   * order published: the listener must only hand it on. Call before {@link #start}.
   */
  public void listen(String channel, java.util.function.Consumer<String> listener) {
    listeners.put(channel, listener);
  }

  /**
   * Publishes without waiting and never throws; the future fails at once while the link is down
   * or {@link #MAX_QUEUED} commands wait.
   */
  public java.util.concurrent.CompletionStage<Long> publish(String channel, String message) {
    StatefulRedisConnection<String, String> c = commands;
    if (c == null) {
      return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException(lastFailure));
    }
    try {
      return c.async().publish(channel, message);
    } catch (RuntimeException e) {
      // Should Lettuce refuse a command by throwing rather than failing it: a failed future either way.
      return java.util.concurrent.CompletableFuture.failedFuture(e);
    }
  }

  /** Where Redis is, without credentials, for logs. */
  public String target() {
    return uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
  }

  /** Starts connecting in the background; returns at once. */
  public void start() {
    connect();
  }

  /**
   * Waits up to {@code max} for the first connection (at start-up, so that a Redis that is up is
   * not reported down while the link is still connecting); true when connected.
   */
  public boolean awaitConnected(Duration max) throws InterruptedException {
    try {
      firstConnection.get(max.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      return false;
    }
  }

  private void connect() {
    if (closed) {
      return;
    }
    client.connectAsync(StringCodec.UTF8, uri).whenComplete((c, error) -> {
      if (error != null) {
        retry(error);
        return;
      }
      client.connectPubSubAsync(StringCodec.UTF8, uri).whenComplete((p, pubError) -> {
        if (pubError != null) {
          c.closeAsync();
          retry(pubError);
          return;
        }
        p.addListener(new io.lettuce.core.pubsub.RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, String message) {
            java.util.function.Consumer<String> l = listeners.get(channel);
            if (l != null) {
              l.accept(message);
            }
          }
        });
        p.async().subscribe(listeners.isEmpty() ? new String[] {channel("control")} : listeners.keySet().toArray(String[]::new)).whenComplete((ok, subError) -> {
          if (subError != null) {
            c.closeAsync();
            p.closeAsync();
            retry(subError);
            return;
          }
          connected(c, p);
        });
      });
    });
  }

  private void connected(StatefulRedisConnection<String, String> c, StatefulRedisPubSubConnection<String, String> p) {
    if (closed) {
      c.closeAsync();
      p.closeAsync();
      return;
    }
    commands = c;
    pubsub = p;
    firstConnection.complete(null);
    log.info("event=cluster.redis_connected redis={} prefix={} subscribed={}", target(), prefix, listeners.keySet());
  }

  private void retry(Throwable error) {
    lastFailure = rootMessage(error);
    if (closed) {
      return;
    }
    long wait = retryMs;
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    log.debug("event=cluster.redis_connect_failed redis={} retryMs={} reason={}", target(), wait, lastFailure);
    try {
      resources.eventExecutorGroup().schedule(this::connect, wait, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      // the server is stopping
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  /**
   * PINGs Redis on both connections; throws when either is not connected or does not answer in
   * time. Blocks up to two seconds per connection: for the health probe's thread only.
   */
  public void ping() throws Exception {
    StatefulRedisConnection<String, String> c = commands;
    StatefulRedisPubSubConnection<String, String> p = pubsub;
    if (c == null || p == null) {
      throw new IllegalStateException(lastFailure);
    }
    c.async().ping().get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    p.async().ping().get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    closed = true;
    StatefulRedisConnection<String, String> c = commands;
    StatefulRedisPubSubConnection<String, String> p = pubsub;
    if (p != null) {
      p.close();
    }
    if (c != null) {
      c.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}

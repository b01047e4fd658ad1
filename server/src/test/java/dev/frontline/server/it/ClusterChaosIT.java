package dev.frontline.server.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;

/**
 * {@link RoutingChaosIT}'s run on a cluster of three processes: every agent and visitor
 * connection, first or again, goes to a member drawn by the seed, so chats, moves and resumes
 * cross processes all the time. The same checks: never assigned twice, never above capacity, no
 * message lost or doubled on a resume, nobody left waiting.
 */
@Tag("postgres-only")
class ClusterChaosIT extends RoutingChaosIT {
  private static final int MEMBERS = 3;

  @Override
  protected Target start(Map<String, String> extra, Random random) {
    List<Path> dirs = new ArrayList<>();
    List<ServerProcess> members = new ArrayList<>();
    try {
      Path shared = Files.createTempDirectory("frontline-chaos");
      dirs.add(shared);
      Map<String, String> env = ClusterIT.clusterEnv(shared);
      env.putAll(extra);
      for (int i = 0; i < MEMBERS; i++) {
        Path dir = Files.createTempDirectory("frontline-chaos-member");
        dirs.add(dir);
        Map<String, String> own = new HashMap<>(env);
        own.put("FRONTLINE_DATA", dir.toString());
        members.add(ServerProcess.start(own));
      }
    } catch (Exception e) {
      members.forEach(ServerProcess::close);
      dirs.forEach(TestServer::deleteQuietly);
      throw new IllegalStateException("cluster did not start: " + e, e);
    }
    return new Target() {
      private ServerProcess any() {
        return members.get(random.nextInt(members.size()));
      }

      @Override
      public void createUser(String name, int maxChats) {
        ServerProcess p = any();
        TestServer.createUser(p.http(), TestServer.login(p.http(), "admin", TestServer.ADMIN_PASSWORD), name,
            List.of("agent"), List.of("consult"), maxChats);
      }

      @Override
      public WsClient agent(String name, boolean online) {
        ServerProcess p = any();
        return TestServer.agentAt(p.ws("/ws/agent"), TestServer.login(p.http(), name, "secret-" + name), online);
      }

      @Override
      public TestServer.Visitor visitor(String token, int lastSeq) {
        return TestServer.visitorAt(any().ws("/ws/visitor"), token, lastSeq);
      }

      @Override
      public String admin() {
        return TestServer.login(any().http(), "admin", TestServer.ADMIN_PASSWORD);
      }

      @Override
      public Http http() {
        return any().http();
      }

      @Override
      public void close() {
        members.forEach(ServerProcess::close);
        dirs.forEach(TestServer::deleteQuietly);
      }
    };
  }
}

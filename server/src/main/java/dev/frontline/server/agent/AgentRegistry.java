package dev.frontline.server.agent;

import dev.frontline.server.conversation.Peer;
import dev.frontline.server.protocol.ServerFrame;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The open console connections of each agent (one agent may have several tabs). A directory of
 * sockets only: presence and load belong to the dispatcher.
 */
public final class AgentRegistry {
  private final Map<Long, CopyOnWriteArrayList<Peer>> peers = new ConcurrentHashMap<>();

  public void add(long agentId, Peer peer) {
    peers.computeIfAbsent(agentId, id -> new CopyOnWriteArrayList<>()).add(peer);
  }

  /** Removes a connection; true when it was the agent's last one. */
  public boolean remove(long agentId, Peer peer) {
    boolean[] last = {false};
    peers.computeIfPresent(agentId, (id, list) -> {
      list.remove(peer);
      if (list.isEmpty()) {
        last[0] = true;
        return null;
      }
      return list;
    });
    return last[0];
  }

  public boolean connected(long agentId) {
    return peers.containsKey(agentId);
  }

  public List<Peer> peers(long agentId) {
    List<Peer> list = peers.get(agentId);
    return list == null ? List.of() : List.copyOf(list);
  }

  /** Sends to every connection of the agent; a no-op when none is open. */
  public void send(long agentId, ServerFrame frame) {
    List<Peer> list = peers.get(agentId);
    if (list != null) {
      for (Peer p : list) {
        p.send(frame);
      }
    }
  }

  public void sendDroppable(long agentId, ServerFrame frame) {
    List<Peer> list = peers.get(agentId);
    if (list != null) {
      for (Peer p : list) {
        p.sendDroppable(frame);
      }
    }
  }

  /** Number of agents with at least one open connection. */
  public int connectedCount() {
    return peers.size();
  }
}

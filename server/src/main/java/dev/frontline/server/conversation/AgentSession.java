package dev.frontline.server.conversation;

import dev.frontline.server.auth.Principal;
import dev.frontline.server.routing.AgentProfile;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One authenticated console connection: who it is, and what it watches. */
public final class AgentSession {
  private final Principal principal;
  private final AgentProfile profile;
  private final Peer peer;
  private final Set<String> watching = ConcurrentHashMap.newKeySet();

  public AgentSession(Principal principal, AgentProfile profile, Peer peer) {
    this.principal = principal;
    this.profile = profile;
    this.peer = peer;
  }

  public Principal principal() {
    return principal;
  }

  public AgentProfile profile() {
    return profile;
  }

  public long agentId() {
    return principal.userId();
  }

  public Peer peer() {
    return peer;
  }

  Set<String> watching() {
    return watching;
  }
}

package dev.frontline.server.routing;

/** An agent as conversations know it. */
public record AgentRef(long id, String name) {}

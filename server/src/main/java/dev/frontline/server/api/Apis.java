package dev.frontline.server.api;

import dev.frontline.bot.FaqBot;
import dev.frontline.server.agent.Directory;
import dev.frontline.server.auth.AuthService;
import dev.frontline.server.config.Settings;
import dev.frontline.server.conversation.ConversationReader;
import dev.frontline.server.conversation.ConversationService;
import dev.frontline.server.routing.AgentDispatcher;
import dev.frontline.server.routing.MenuCatalog;
import dev.frontline.server.trail.TrailRecorder;

/** Assembles every API route. */
public final class Apis {
  /** What the API handlers need. */
  public record Parts(AuthService auth, Directory directory, ConversationService conversations,
      ConversationReader reader, TrailRecorder trail, FaqBot bot, Settings settings, MenuCatalog menu,
      AgentDispatcher dispatcher) {}

  private Apis() {}

  public static Api build(Parts p) {
    Router r = new Router();
    new AccountApi(p.auth(), p.directory()).register(r);
    new ChatApi(p.reader(), p.conversations(), p.directory(), p.trail()).register(r);
    new BotApi(p.bot()).register(r);
    new SettingsApi(p.settings(), p.menu(), p.directory()).register(r);
    return new Api(r, p.auth());
  }
}

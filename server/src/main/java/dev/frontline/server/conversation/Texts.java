package dev.frontline.server.conversation;

/** What the bot and the system say, in Chinese (default) and English. */
final class Texts {
  private Texts() {}

  static boolean en(String lang) {
    return "en".equals(lang);
  }

  static String greeting(String lang) {
    return en(lang)
        ? "Hello! I'm the virtual assistant. Choose a topic below or just type your question."
        : "您好，我是智能客服，很高兴为您服务！请选择下方的业务，或直接输入您的问题。";
  }

  static String suggest(String lang) {
    return en(lang) ? "Did you mean one of these?" : "您是不是想问以下问题？";
  }

  static String rephrase(String lang) {
    return en(lang)
        ? "Sorry, I didn't quite get that. Could you put it another way? You can also ask for a person."
        : "抱歉，我没有理解您的问题，可以换个说法再问一次吗？您也可以点击“转人工”。";
  }

  static String handingOff(String lang) {
    return en(lang) ? "Connecting you to a person, one moment please." : "好的，正在为您转接人工客服，请稍候。";
  }

  static String cannotAnswer(String lang) {
    return en(lang)
        ? "I'm not sure I can answer that. Let me connect you to a person."
        : "这个问题我暂时无法准确回答，正在为您转接人工客服。";
  }

  static String menuPrompt(String lang, String label) {
    return en(lang) ? "Sure: what would you like to know about " + label + "? Please type your question."
        : "好的，请问您想了解" + label + "的哪方面问题？请直接输入。";
  }

  static String directToPerson(String lang, String label) {
    return en(lang) ? "Connecting you to our " + label + " team, one moment please."
        : "好的，正在为您转接" + label + "专员，请稍候。";
  }

  static String noAgent(String lang) {
    return en(lang)
        ? "No one is available right now. Leave us a message and we'll get back to you."
        : "当前暂无人工客服在线，您可以给我们留言，我们会尽快与您联系。";
  }

  static String agentJoined(String lang, String name) {
    return en(lang) ? name + " has joined the chat." : "客服 " + name + " 为您服务。";
  }

  static String inactivityWarning(String lang, long closeInMs) {
    long minutes = Math.max(1, Math.round(closeInMs / 60_000.0));
    return en(lang) ? "Are you still there? This chat will close in about " + minutes + " minute(s) without a reply."
        : "您已经有一段时间没有回复了，如无新消息，本次会话将在约 " + minutes + " 分钟后自动结束。";
  }

  static String closed(String lang) {
    return en(lang) ? "This chat has ended. Thank you!" : "本次会话已结束，感谢您的咨询！";
  }

  /** The farewell of a conversation closed because the visitor stopped answering. */
  static String closedForInactivity(String lang) {
    return en(lang) ? "As we haven't heard from you for a while, this chat has been closed. Thank you, and feel free"
        + " to write again any time!" : "由于您长时间未回复，本次会话已自动结束。感谢您的咨询，如有需要欢迎随时再联系我们！";
  }

  static String botBusy(String lang) {
    return en(lang) ? "Sorry, I can't answer right now. Please try again in a moment."
        : "抱歉，系统繁忙，请稍后再试。";
  }

  /** The bot could not take a question in time (too many at once); offers a person unless nobody is free. */
  static String botOverloaded(String lang, boolean offerPerson) {
    if (en(lang)) {
      return "Many people are asking right now and I can't answer this at once. Please ask again in a moment"
          + (offerPerson ? ", or ask for a person." : ".");
    }
    return "当前咨询的人较多，我暂时无法立即回答，请稍后再问一次" + (offerPerson ? "，或点击“转人工”。" : "。");
  }

  /** The bot cannot answer and routing has just said nobody is free. */
  static String cannotAnswerNobodyFree(String lang) {
    return en(lang)
        ? "I'm not sure I can answer that, and no one is available right now. Leave us a message and we'll get back"
            + " to you."
        : "这个问题我暂时无法准确回答，当前也暂无人工客服在线，您可以给我们留言，我们会尽快与您联系。";
  }
}

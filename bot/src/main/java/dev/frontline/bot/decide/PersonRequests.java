package dev.frontline.bot.decide;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises a visitor asking for a person ("转人工", "人工客服", "talk to a human", "agent
 * please"). Strong phrases count anywhere in the message. Weak words that also occur in ordinary
 * questions ("人工" in "人工智能是什么", "agent" in "travel agent", "operator" in "mobile
 * operator") count only when the message is little more than the word itself.
 */
public final class PersonRequests {

  private static final List<String> DEFAULT_ZH_STRONG =
      List.of(
          "转人工", "人工客服", "人工服务", "人工坐席", "人工座席", "人工台", "找客服", "联系客服", "真人",
          "客服在吗", "客服在不在", "我要人工", "接人工", "要人工", "找人工", "转客服",
          "真人客服");

  /** Words that turn "人工" into something else (人工智能 = AI, 人工费 = labour cost...). */
  private static final Pattern ZH_NOT_A_PERSON =
      Pattern.compile("人工(智能|合成|降雨|湖|岛|林|草|耳蜗|晶体|关节|心脏|呼吸|授精|养殖|繁殖|培育|种植|费|成本|标注|翻译|神经|流产|干预|骨|牙|香料|色素|甜味)");

  private static final Pattern EN_STRONG =
      Pattern.compile(
          "\\b(talk|speak|chat|connect me|put me through|transfer me|get me)\\b.{0,20}\\b"
              + "(human|person|someone|somebody|agent|representative|rep|operator|advisor|adviser|staff)\\b"
              + "|\\b(real|live|actual) (person|human|agent|people)\\b"
              + "|\\bhuman (agent|operator|support)\\b"
              + "|\\bcustomer (service|support) (agent|representative|rep)\\b");

  /** "are you a real person?" asks about the bot, not for a person. */
  private static final Pattern EN_ABOUT_THE_BOT =
      Pattern.compile("\\b(are you|am i|is this|is it|you are|you be|am i talking|like a)\\b");

  private static final Pattern EN_WEAK =
      Pattern.compile("\\b(human|agent|representative|operator|person|someone|people|staff)\\b");

  private static final Pattern EN_FILLER =
      Pattern.compile(
          "\\b(i|want|need|would|like|to|a|an|the|please|pls|plz|now|me|give|get|can|could|"
              + "you|let|talk|speak|with|some|one|real|live|just|hi|hello|hey|ok|okay|yes|"
              + "ask|for|an?|connect|transfer|customer|service|support)\\b");

  private final List<String> extraPhrases;

  /** @param extraPhrases more strong phrases (normalised like messages: lower case, no spaces) */
  public PersonRequests(List<String> extraPhrases) {
    this.extraPhrases = extraPhrases.stream().map(PersonRequests::normalise).toList();
  }

  /** True when {@code message} asks for a person. */
  public boolean asksForPerson(String message) {
    // "人工智能", "人工费"... are not about people; blank them out before looking for requests.
    String text = ZH_NOT_A_PERSON.matcher(normalise(message)).replaceAll("〇");
    if (text.isEmpty()) {
      return false;
    }
    for (String p : DEFAULT_ZH_STRONG) {
      if (text.contains(p)) {
        return true;
      }
    }
    for (String p : extraPhrases) {
      if (!p.isEmpty() && text.contains(p)) {
        return true;
      }
    }
    return zhWeak(text) || english(message);
  }

  /** "人工" alone or nearly alone ("人工", "人工！", "人工人工", "我要人工啊"). */
  private static boolean zhWeak(String text) {
    if (!text.contains("人工")) {
      return false;
    }
    String rest = text.replace("人工", "").replaceAll("[我要请帮转接找给呢吧啊呀嘛哦了的在吗快点一下谢谢你好]", "");
    return rest.length() <= 1;
  }

  private static boolean english(String message) {
    String text = message.toLowerCase(Locale.ROOT).replaceAll("[^a-z' ]", " ");
    if (EN_ABOUT_THE_BOT.matcher(text).find()) {
      return false;
    }
    if (EN_STRONG.matcher(text).find()) {
      return true;
    }
    if (!EN_WEAK.matcher(text).find()) {
      return false;
    }
    String rest = EN_WEAK.matcher(EN_FILLER.matcher(text).replaceAll(" ")).replaceAll(" ");
    return rest.isBlank();
  }

  static String normalise(String s) {
    String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    return n.replaceAll("[\\s\\p{Punct}\\p{IsPunctuation}]+", "");
  }
}

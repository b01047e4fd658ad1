package dev.frontline.bot.decide;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PersonRequestsTest {

  private final PersonRequests requests = new PersonRequests(List.of("找经理"));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "转人工", "人工客服", "我要人工服务", "找客服", "真人", "人工", "人工！！", "人工人工", "我要人工啊",
        "客服在吗？", "请帮我转人工，谢谢", "能不能找客服聊一下", "给我接人工", "有没有真人客服",
        "human", "Agent please", "agent!", "real person", "I want to talk to someone",
        "Can I speak to a representative?", "operator", "let me talk to a human",
        "connect me with a live agent", "I need a real person", "找经理"
      })
  void requestForPerson_isRecognised(String message) {
    assertTrue(requests.asksForPerson(message), message);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "人工智能是什么", "人工智能客服靠谱吗", "人工费多少钱", "装宽带要人工费吗", "怎么查询话费", "真的吗", "",
        "   ", "what is a travel agent", "which mobile operator has the best coverage",
        "how do I add another person to my account", "is the human resources department open",
        "what does my card's agent fee mean", "How do I activate my card?",
        "does a person need id to open an account", "are you a real person",
        "am i speaking with a real person", "inform carl that he is an awful human being"
      })
  void ordinaryQuestion_isNotARequestForPerson(String message) {
    assertFalse(requests.asksForPerson(message), message);
  }
}

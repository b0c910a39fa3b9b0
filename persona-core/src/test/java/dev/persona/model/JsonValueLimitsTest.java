package dev.persona.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.ValidationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What JsonValue refuses, and that it says so without quoting the input. */
final class JsonValueLimitsTest {

  private static final String SECRET = "SECRET_TOKEN_42";

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  @Test
  void parseErrors_giveAPosition_neverTheOffendingText() {
    for (String bad : List.of(SECRET, "{\"a\":" + SECRET + "}", "{\"" + SECRET + "\":1,\"" + SECRET + "\":2}",
        "{\"a\":\"" + SECRET + "\"} " + SECRET, "[\"" + SECRET + "\"", "{'" + SECRET + "':1}")) {
      assertThatThrownBy(() -> JsonValue.parse(bad)).isInstanceOf(ValidationException.class)
          .hasMessageNotContaining(SECRET).hasMessageContaining("json")
          .satisfies(e -> assertThat(e.getCause()).isNull());
    }
    assertThatThrownBy(() -> JsonValue.parse("{\"a\":1,\"a\":2}")).hasMessageContaining("duplicate key");
    assertThatThrownBy(() -> JsonValue.parse("{\"a\":1} x")).hasMessageContaining("line 1");
  }

  @Test
  void emptyText_isAnError_notAnEmptyValue() {
    for (String empty : List.of("", "   ", "\n")) {
      assertThatThrownBy(() -> JsonValue.parse(empty)).isInstanceOf(ValidationException.class)
          .hasMessageContaining("empty");
    }
  }

  @Test
  void nesting_isLimited_inParsedBuiltAndCombinedValues() {
    assertThat(JsonValue.parse(nested(JsonValue.MAX_DEPTH)).isArray()).isTrue();
    assertThatThrownBy(() -> JsonValue.parse(nested(JsonValue.MAX_DEPTH + 1))).isInstanceOf(ValidationException.class)
        .hasMessageContaining("deeper than " + JsonValue.MAX_DEPTH);
    assertThatThrownBy(() -> JsonValue.parse(nested(100_000))).isInstanceOf(ValidationException.class);

    JsonValue deepest = JsonValue.parse(nested(JsonValue.MAX_DEPTH));
    assertThatThrownBy(() -> JsonValue.emptyObject().with("k", deepest)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("deeper");
    assertThat(JsonValue.of(deepest.toTree())).isEqualTo(deepest);

    List<Object> deepList = new ArrayList<>();
    List<Object> cursor = deepList;
    for (int i = 0; i < JsonValue.MAX_DEPTH + 5; i++) {
      List<Object> next = new ArrayList<>();
      cursor.add(next);
      cursor = next;
    }
    assertThatThrownBy(() -> JsonValue.fromJava(deepList)).isInstanceOf(ValidationException.class);
  }

  @Test
  void fromJava_refusesCyclesAndNonData_withATypedError() {
    Map<String, Object> cyclic = new HashMap<>();
    cyclic.put("self", cyclic);
    assertThatThrownBy(() -> JsonValue.fromJava(cyclic)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("refers to itself");
    List<Object> loop = new ArrayList<>();
    loop.add(loop);
    assertThatThrownBy(() -> JsonValue.fromJava(loop)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> JsonValue.fromJava(Map.of("when", new Object()))).isInstanceOf(ValidationException.class)
        .hasMessageContaining("not plain JSON data").hasMessageContaining("when");
    assertThatThrownBy(() -> JsonValue.fromJava(Map.of(1, "x"))).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> JsonValue.fromJava(List.of(Double.NaN))).isInstanceOf(ValidationException.class)
        .hasMessageContaining("not finite");
    assertThat(JsonValue.fromJava(Map.of("a", List.of(1, "b", true), "n", 2.5)).toJava())
        .isEqualTo(Map.of("a", List.of(1, "b", true), "n", 2.5));
    assertThat(JsonValue.fromJava(new String[] {"x", "y"}).toJson()).isEqualTo("[\"x\",\"y\"]");
  }

  @Test
  void textPostgresCannotStore_isRefusedWherever_itAppears() {
    for (String json : List.of("\"a\\ud800b\"", "{\"k\":\"\\udc00\"}", "{\"\\ud800\":1}", "[\"x\\u0000y\"]")) {
      assertThatThrownBy(() -> JsonValue.parse(json)).as(json).isInstanceOf(ValidationException.class)
          .hasMessageContaining("position");
    }
    assertThat(JsonValue.parse("\"\\ud83d\\ude00\"").asString()).contains("😀");
    assertThatThrownBy(() -> JsonValue.emptyObject().with("\ud800", JsonValue.string("v")))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> JsonValue.fromJava(Map.of("k", "a\udbffb"))).isInstanceOf(ValidationException.class);
  }

  @Test
  void identifiersAndTexts_thatAreNotUnicodeText_areRefusedByEveryRecord() {
    assertThatThrownBy(() -> Profile.of("user\ud800", "course", "n", Survey.empty()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("lone surrogate");
    assertThatThrownBy(() -> Profile.of("user", "course", "name\udc00", Survey.empty()))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> Course.of("slug", "title\u0000")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> Survey.builder().wowResult("\ud800").build()).isInstanceOf(ValidationException.class)
        .hasMessageContaining("survey.wow_result");
    assertThatThrownBy(() -> Survey.builder().fears("x", "\udc00").build()).isInstanceOf(ValidationException.class)
        .hasMessageContaining("survey.fears[1]");
    assertThatThrownBy(() -> PersonalizedContent.of("a", "b\ud800", "c", "d", "e"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("content.why_watch");
    assertThat(Profile.of("user😀", "course", "Анна 😀", Survey.empty()).userIdentifier()).isEqualTo("user😀");
  }
}

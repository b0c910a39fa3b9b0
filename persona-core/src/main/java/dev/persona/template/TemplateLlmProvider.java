package dev.persona.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.internal.Json;
import dev.persona.llm.FinishReason;
import dev.persona.llm.LlmException;
import dev.persona.llm.LlmMessage;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.LlmRequest;
import dev.persona.llm.LlmResponse;
import dev.persona.llm.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A template writer, <strong>not an AI</strong>: it reads the lesson material and the learner's
 * survey that the standard prompts carry as tagged JSON, and fills fixed Russian or English
 * sentences with them. Deterministic, offline and free, it goes through the same SPI and JSON
 * contract as a real model, which makes it the quickstart's default and a stand-in for tests.
 *
 * <p>It answers in the language of the prompt (Russian unless the prompt's data keys are English),
 * keeps within {@code ContentRules.defaults}, never repeats a lesson number, and ignores
 * instructions in the data, because it follows none. With a host prompt that does not carry the
 * standard tags it writes generic text.
 */
public final class TemplateLlmProvider implements LlmProvider {

  /** The model name it reports. */
  public static final String MODEL = "template-writer-1 (not an AI)";

  private static final Pattern NUMBERED_LESSON = Pattern.compile(
      "(?iu)\\d+\\s*(?:-?\\s*(?:й|ый|ой|ий))?\\s*(?:урок[а-яё]*|занят[а-яё]*|lesson)\\s*|(?:урок[а-яё]*|занят[а-яё]*|lesson)\\s*(?:№|#)?\\s*\\d+\\s*");

  /** Creates the provider. */
  public TemplateLlmProvider() {}

  @Override
  public String model() {
    return MODEL;
  }

  @Override
  public LlmResponse complete(LlmRequest request) {
    if (request == null) {
      throw new LlmException(LlmException.Kind.INVALID_REQUEST, "request is required");
    }
    JsonNode lesson = tagged(request, "lesson_material");
    JsonNode learner = tagged(request, "learner_survey");
    boolean english = lesson.has("title") || learner.has("name") || learner.has("motivation");
    Data d = english ? Data.english(lesson, learner) : Data.russian(lesson, learner);
    ObjectNode out = english ? writeEnglish(d) : writeRussian(d);
    String text = Json.write(out);
    long promptTokens = request.messages().stream().mapToLong(m -> m.content().length() / 4 + 1).sum();
    return new LlmResponse(text, MODEL, new TokenUsage(promptTokens, 0, text.length() / 4 + 1), FinishReason.STOP);
  }

  private record Data(
      String title,
      @Nullable String summary,
      @Nullable String name,
      List<String> motivation,
      @Nullable String targetClients,
      @Nullable String skills,
      List<String> fears,
      @Nullable String wow,
      @Nullable String practice) {

    static Data russian(JsonNode lesson, JsonNode learner) {
      return new Data(cleanTitle(text(lesson, "название"), "этот урок"),
          firstNonNull(text(lesson, "краткое описание"), text(lesson, "описание урока")),
          text(learner, "имя"), list(learner, "мотивация"), text(learner, "с кем хочет работать"),
          text(learner, "какие навыки хочет освоить"), list(learner, "опасения"),
          text(learner, "желаемый результат"), text(learner, "на ком будет практиковаться"));
    }

    static Data english(JsonNode lesson, JsonNode learner) {
      return new Data(cleanTitle(text(lesson, "title"), "this lesson"),
          firstNonNull(text(lesson, "summary"), text(lesson, "description")),
          text(learner, "name"), list(learner, "motivation"), text(learner, "target clients"),
          text(learner, "skills wanted"), list(learner, "fears"), text(learner, "wished result"),
          text(learner, "practises on"));
    }
  }

  private static ObjectNode writeRussian(Data d) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    String lead = d.name() != null ? clip(d.name(), 40) + ", в уроке" : "В уроке";
    String about = d.summary() != null ? lowerFirst(firstSentence(clean(d.summary()))) : "разбор темы «" + d.title() + "»";
    o.put("summary_short", clip(lead + " «" + d.title() + "» — " + about, 380));

    List<String> why = new ArrayList<>();
    if (d.wow() != null) {
      why.add("Вы хотите добиться такого результата: «" + clip(d.wow(), 150) + "». Этот урок — шаг к нему.");
    }
    if (!d.motivation().isEmpty()) {
      why.add("Вас ведёт " + clip(String.join(", ", d.motivation().stream().map(TemplateLlmProvider::lowerFirst).toList()), 150)
          + ", и материал урока даёт то, что пригодится на практике.");
    }
    if (d.targetClients() != null) {
      why.add("Он пригодится в работе с теми, кому вы хотите помогать («" + clip(d.targetClients(), 120) + "»).");
    }
    if (d.skills() != null) {
      why.add("Навыки, которые вы хотите освоить («" + clip(d.skills(), 120) + "»), опираются на эту тему.");
    }
    if (!d.fears().isEmpty()) {
      why.add("Если вас беспокоит «" + lowerFirst(clip(d.fears().get(0), 100))
          + "», двигайтесь по шагам урока медленно и следите за реакцией человека.");
    }
    why.add("Посмотрите урок «" + d.title() + "» до конца: на нём строятся следующие темы курса.");
    o.put("why_watch", clip(String.join(" ", why), 1150));

    String on = d.practice() != null ? " на модели («" + lowerFirst(clip(d.practice(), 60)) + "»)" : "";
    o.put("quick_action", clip("Сразу после просмотра выберите один приём из урока «" + d.title()
        + "» и попробуйте его" + on + " в течение пяти минут.", 480));

    String goal = d.wow() != null ? ": «" + lowerFirst(clip(d.wow(), 100)) + "»" : "";
    o.put("social_share", clip("Прохожу тему «" + clip(d.title(), 80) + "» и приближаюсь к своей цели" + goal
        + "! #обучение", 270));

    String fearNote = d.fears().isEmpty() ? "" : ", помня о своём опасении («" + lowerFirst(clip(d.fears().get(0), 80)) + "»)";
    o.put("homework_20m", clip("1. Пять минут: пересмотрите ключевой фрагмент темы «" + d.title()
        + "» и выпишите главные шаги. 2. Десять минут: отработайте один приём" + on + fearNote
        + ". 3. Пять минут: запишите, что получилось, и один вопрос к преподавателю.", 1450));
    return o;
  }

  private static ObjectNode writeEnglish(Data d) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    // a name in another script would make the sentence read as another language: leave it out
    String lead = d.name() != null && d.name().chars().noneMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.CYRILLIC)
        ? clip(d.name(), 40) + ", the lesson" : "The lesson";
    // everything taken from the data is quoted: it may be in another language than the text around it
    String about = d.summary() != null ? "in short, \"" + firstSentence(clean(d.summary())) + "\""
        : "covers what its title says";
    o.put("summary_short", clip(lead + " \"" + d.title() + "\" " + about, 380));

    List<String> why = new ArrayList<>();
    if (d.wow() != null) {
      why.add("You want this result: \"" + clip(d.wow(), 150) + "\". This lesson is a step towards it.");
    }
    if (!d.motivation().isEmpty()) {
      why.add("Your motivation (" + clip(String.join(", ", d.motivation().stream().map(m -> "\"" + m + "\"").toList()), 150)
          + ") is served by what you practise here.");
    }
    if (d.targetClients() != null) {
      why.add("It helps with the people you want to work with (\"" + clip(d.targetClients(), 120) + "\").");
    }
    if (d.skills() != null) {
      why.add("The skills you want (\"" + clip(d.skills(), 120) + "\") build on this topic.");
    }
    if (!d.fears().isEmpty()) {
      why.add("If you worry about \"" + lowerFirst(clip(d.fears().get(0), 100))
          + "\", follow the steps slowly and watch how the person responds.");
    }
    why.add("Watch \"" + d.title() + "\" to the end: the next topics of the course build on it.");
    o.put("why_watch", clip(String.join(" ", why), 1150));

    String on = d.practice() != null ? " with your practice partner (\"" + clip(d.practice(), 60) + "\")" : "";
    o.put("quick_action", clip("Right after watching, pick one technique from \"" + d.title()
        + "\" and try it" + on + " for five minutes.", 480));
    String goal = d.wow() != null ? ": \"" + clip(d.wow(), 100) + "\"" : "";
    o.put("social_share", clip("Working through \"" + clip(d.title(), 80) + "\" and getting closer to my goal"
        + goal + "! #learning", 270));
    String fearNote = d.fears().isEmpty() ? "" : ", keeping your worry in mind (\"" + lowerFirst(clip(d.fears().get(0), 80)) + "\")";
    o.put("homework_20m", clip("1. Five minutes: rewatch the key part of \"" + d.title()
        + "\" and write down the main steps. 2. Ten minutes: practise one technique" + on + fearNote
        + ". 3. Five minutes: note what worked and one question for your teacher.", 1450));
    return o;
  }

  private static JsonNode tagged(LlmRequest request, String tag) {
    String open = "<" + tag + ">";
    String close = "</" + tag + ">";
    for (LlmMessage m : request.messages()) {
      int start = m.content().indexOf(open);
      int end = m.content().indexOf(close);
      if (start >= 0 && end > start) {
        try {
          JsonNode node = Json.parse(m.content().substring(start + open.length(), end));
          if (node.isObject()) {
            return node;
          }
        } catch (IllegalArgumentException e) {
          // not our prompt's data: fall through to generic text
        }
      }
    }
    return JsonNodeFactory.instance.objectNode();
  }

  private static @Nullable String firstNonNull(@Nullable String a, @Nullable String b) {
    return a != null ? a : b;
  }

  private static @Nullable String text(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || !v.isTextual() || v.textValue().isBlank()) {
      return null;
    }
    return v.textValue().strip();
  }

  private static List<String> list(JsonNode node, String key) {
    List<String> out = new ArrayList<>();
    JsonNode v = node.get(key);
    if (v != null && v.isArray()) {
      v.forEach(i -> {
        if (i.isTextual() && !i.textValue().isBlank()) {
          out.add(i.textValue().strip());
        }
      });
    }
    return out;
  }

  private static String cleanTitle(@Nullable String raw, String otherwise) {
    if (raw == null) {
      return otherwise;
    }
    String t = clean(raw).replaceAll("^[\\s\\p{Punct}«»—–]+", "").replaceAll("[\\s.+]+$", "");
    if (t.isEmpty()) {
      return otherwise;
    }
    return clip(t.substring(0, 1).toUpperCase(Locale.ROOT) + t.substring(1), 120);
  }

  /** Removes lesson numbers ("1 урок", "Урок 5", "Lesson 3") so they are never echoed. */
  static String clean(String text) {
    return NUMBERED_LESSON.matcher(text).replaceAll("").strip();
  }

  private static String firstSentence(String text) {
    int end = -1;
    for (String stop : new String[] {". ", "! ", "? "}) {
      int i = text.indexOf(stop);
      if (i > 0 && (end < 0 || i < end)) {
        end = i;
      }
    }
    String s = end > 0 ? text.substring(0, end + 1) : text;
    return s.endsWith(".") || s.endsWith("!") || s.endsWith("?") ? s : s + ".";
  }

  private static String lowerFirst(String s) {
    if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && !Character.isUpperCase(s.charAt(1))) {
      return s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }
    return s;
  }

  private static String clip(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int cut = s.lastIndexOf(' ', max - 1);
    return (cut > max / 2 ? s.substring(0, cut) : s.substring(0, max - 1)) + "…";
  }
}

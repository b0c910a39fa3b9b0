package dev.persona.html;

import dev.persona.internal.Check;
import dev.persona.model.JsonValue;
import dev.persona.model.Language;
import dev.persona.model.PersonalizedContent;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Renders a lesson block, the HTML fragment a course page shows above a lesson (the original
 * system's GetCourse block), with the original's CSS classes.
 *
 * <p>Every value is HTML-escaped, including ids and URLs; URLs must be absolute http(s). Every
 * one of the five fields is shown, and so are the extra sections the original formats carried
 * (warnings, equipment, key takeaways, addressing fears), which the original renderer dropped.
 * Line breaks inside a field become a list when there are several lines.
 */
public final class LessonBlockHtml {

  private record Labels(String intro, String why, String action, String homework, String share,
      String fallbackNote, String fillSurvey) {}

  private static final Labels RU = new Labels("👋 Введение", "🎯 Почему это важно для вас", "💡 Сделайте сейчас",
      "📚 Домашнее задание на 20 минут", "📣 Поделиться",
      "Заполните анкету, чтобы получить рекомендации специально для вас.", "Заполнить анкету");
  private static final Labels EN = new Labels("👋 Introduction", "🎯 Why it matters to you", "💡 Do it now",
      "📚 20-minute homework", "📣 Share", "Fill in the survey to get recommendations made for you.",
      "Fill in the survey");

  /** Extra keys of the original formats that deserve a section, with their headings. */
  private static final Map<String, String[]> EXTRAS = new LinkedHashMap<>();

  static {
    EXTRAS.put("key_takeaways", new String[] {"🔑 Ключевые моменты", "🔑 Key takeaways"});
    EXTRAS.put("🔑 Ключевые моменты", new String[] {"🔑 Ключевые моменты", "🔑 Key points"});
    EXTRAS.put("addressing_fears", new String[] {"🤝 О ваших опасениях", "🤝 About your worries"});
    EXTRAS.put("⚠️ Важно", new String[] {"⚠️ Важно", "⚠️ Important"});
    EXTRAS.put("important_notes", new String[] {"⚠️ Важно", "⚠️ Important"});
    EXTRAS.put("🧰 Инвентарь и подготовка", new String[] {"🧰 Инвентарь и подготовка", "🧰 Equipment"});
    EXTRAS.put("equipment_preparation", new String[] {"🧰 Инвентарь и подготовка", "🧰 Equipment"});
    EXTRAS.put("equipment_needed", new String[] {"🧰 Инвентарь и подготовка", "🧰 Equipment"});
  }

  private final Labels labels;
  private final int languageIndex;

  private LessonBlockHtml(Language language) {
    this.labels = language == Language.ENGLISH ? EN : RU;
    this.languageIndex = language == Language.ENGLISH ? 1 : 0;
  }

  /**
   * A renderer with headings in a language.
   *
   * @param language the headings' language
   * @return the renderer
   */
  public static LessonBlockHtml in(Language language) {
    return new LessonBlockHtml(Check.required(language, "language"));
  }

  /**
   * A personalized lesson block.
   *
   * @param content the learner's content
   * @return an HTML fragment
   */
  public String personalized(PersonalizedContent content) {
    Check.required(content, "content");
    StringBuilder b = new StringBuilder("<div class=\"persona-block\">");
    section(b, "persona-intro", labels.intro(), content.summaryShort());
    section(b, "persona-why", labels.why(), content.whyWatch());
    for (Map.Entry<String, JsonValue> e : content.extras().entrySet()) {
      String[] heading = EXTRAS.get(e.getKey());
      if (heading != null) {
        section(b, "persona-extra", heading[languageIndex], text(e.getValue()));
      }
    }
    section(b, "persona-tips", labels.action(), content.quickAction());
    section(b, "persona-homework", labels.homework(), content.homework20m());
    if (!content.socialShare().isBlank()) {
      b.append("<div class=\"persona-section persona-motivation\"><p class=\"persona-text\"><em>")
          .append(escape(labels.share())).append(": ").append(escape(content.socialShare().strip()))
          .append("</em></p></div>");
    }
    return b.append("</div>").toString();
  }

  /**
   * The block for a learner without a personalization: the lesson's title and summary and an
   * invitation to fill in the survey.
   *
   * @param title the lesson's title
   * @param summary the lesson's summary, or {@code null}
   * @param surveyUrl the survey's absolute http(s) URL, or {@code null} for no link
   * @return an HTML fragment
   */
  public String fallback(String title, @Nullable String summary, @Nullable URI surveyUrl) {
    Check.required(title, "title");
    StringBuilder b = new StringBuilder("<div class=\"persona-block persona-default\">");
    b.append("<p class=\"persona-note\">").append(escape(labels.fallbackNote()));
    if (surveyUrl != null) {
      String scheme = surveyUrl.getScheme();
      if (!surveyUrl.isAbsolute() || scheme == null
          || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))) {
        throw dev.persona.ValidationException.of("surveyUrl", "must be an absolute http or https URL");
      }
      b.append(" <a class=\"persona-link\" href=\"").append(escape(surveyUrl.toString())).append("\">")
          .append(escape(labels.fillSurvey())).append("</a>");
    }
    b.append("</p>");
    section(b, "persona-intro", title.strip(), summary == null ? "" : summary);
    return b.append("</div>").toString();
  }

  /**
   * Escapes text for HTML element content and quoted attribute values.
   *
   * @param text any text
   * @return the text with {@code & < > " '} escaped
   */
  public static String escape(String text) {
    Check.required(text, "text");
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static void section(StringBuilder b, String cssClass, String heading, String value) {
    List<String> lines = new ArrayList<>();
    value.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(lines::add);
    if (lines.isEmpty()) {
      return;
    }
    b.append("<div class=\"persona-section ").append(cssClass).append("\"><h3 class=\"persona-section-title\">")
        .append(escape(heading)).append("</h3>");
    if (lines.size() == 1) {
      b.append("<p class=\"persona-text\">").append(escape(lines.get(0))).append("</p>");
    } else {
      b.append("<ul class=\"persona-list\">");
      lines.forEach(l -> b.append("<li class=\"persona-list-item\">").append(escape(l)).append("</li>"));
      b.append("</ul>");
    }
    b.append("</div>");
  }

  private static String text(JsonValue v) {
    if (v.isString()) {
      return v.asString().orElse("");
    }
    Object java = v.toJava();
    if (java instanceof List<?> list) {
      StringBuilder b = new StringBuilder();
      for (Object item : list) {
        if (item instanceof String s) {
          b.append(s).append('\n');
        }
      }
      return b.toString();
    }
    return "";
  }
}

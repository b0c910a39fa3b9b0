package dev.persona;

import dev.persona.model.Language;
import dev.persona.model.JsonValue;
import dev.persona.model.PersonalizedContent;
import dev.persona.prompt.ContentRules;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses a model's answer tolerantly and checks it against the content rules. Violations name the
 * field and the rule, never quote the text: they go back to the model and into reports.
 */
final class ContentValidator {

  private static final Pattern LESSON_NUMBER_RU = Pattern.compile(
      "(?iu)(?:урок[а-яё]*|занят[а-яё]*)\\s*(?:№|#|номер)?\\s*\\d+|\\d+\\s*(?:-?\\s*(?:й|ый|ой|ий|го|м|ом))?\\s*(?:урок|занят)");
  private static final Pattern LESSON_NUMBER_EN = Pattern.compile(
      "(?i)\\blesson\\s*(?:no\\.?|#|number)?\\s*\\d+|\\b\\d+(?:st|nd|rd|th)?\\s+lesson\\b");
  private static final Pattern CODE = Pattern.compile("(?<![\\p{L}\\d_])[a-z]+(?:_[a-z]+)+(?![\\p{L}\\d_])");

  private ContentValidator() {}

  /** The result of parsing: content, or the reason there is none. */
  record Parsed(@Nullable PersonalizedContent content, @Nullable String problem) {}

  static Parsed parse(String answer, Language language) {
    boolean ru = language == Language.RUSSIAN;
    String text = answer.strip();
    if (text.startsWith("```")) {
      int firstNewline = text.indexOf('\n');
      text = firstNewline < 0 ? "" : text.substring(firstNewline + 1);
      int fence = text.lastIndexOf("```");
      if (fence >= 0) {
        text = text.substring(0, fence);
      }
    }
    int start = text.indexOf('{');
    int end = text.lastIndexOf('}');
    if (start < 0 || end <= start) {
      return new Parsed(null, ru ? "ответ не содержит JSON-объекта" : "the answer contains no JSON object");
    }
    JsonValue json;
    try {
      json = JsonValue.parse(text.substring(start, end + 1));
    } catch (ValidationException e) {
      return new Parsed(null, ru ? "ответ не является корректным JSON" : "the answer is not valid JSON");
    }
    try {
      return new Parsed(PersonalizedContent.fromJson(json).withoutExtras(), null);
    } catch (ValidationException e) {
      return new Parsed(null, ru ? "все пять полей должны быть строками" : "all five fields must be strings");
    }
  }

  static List<String> violations(PersonalizedContent c, ContentRules rules) {
    boolean ru = rules.language() == Language.RUSSIAN;
    List<String> out = new ArrayList<>();
    for (String key : PersonalizedContent.KEYS) {
      String value = c.field(key).strip();
      if (value.isEmpty()) {
        out.add(ru ? "поле " + key + " пустое" : "field " + key + " is empty");
        continue;
      }
      if (value.length() < rules.minFieldLength()) {
        out.add(ru
            ? "поле " + key + " слишком короткое: " + value.length() + " символов, нужно не меньше " + rules.minFieldLength()
            : "field " + key + " is too short: " + value.length() + " characters, at least " + rules.minFieldLength() + " needed");
      }
      int max = rules.maxLength(key);
      if (value.length() > max) {
        out.add(ru
            ? "поле " + key + " слишком длинное: " + value.length() + " символов, допустимо не больше " + max
            : "field " + key + " is too long: " + value.length() + " characters, the limit is " + max);
      }
      if (!inLanguage(value, rules.language())) {
        out.add(ru ? "поле " + key + " написано не на русском языке" : "field " + key + " is not written in English");
      }
      if ((ru ? LESSON_NUMBER_RU : LESSON_NUMBER_EN).matcher(value).find()) {
        out.add(ru ? "поле " + key + " упоминает номер урока" : "field " + key + " mentions a lesson number");
      }
      if (CODE.matcher(value).find()) {
        out.add(ru
            ? "поле " + key + " содержит служебный код вместо обычных слов"
            : "field " + key + " contains a machine code instead of plain words");
      }
    }
    return out;
  }

  // a quoted title, name or answer is what it is, whatever the language around it
  private static final Pattern QUOTED = Pattern.compile("«[^»]{0,400}»|\"[^\"]{0,400}\"|“[^”]{0,400}”|„[^“”]{0,400}[“”]");

  /** Whether the letters of a text, outside quotes, are mostly of the language's script. */
  static boolean inLanguage(String text, Language language) {
    String unquoted = QUOTED.matcher(text).replaceAll(" ");
    int cyrillic = 0;
    int latin = 0;
    for (int i = 0; i < unquoted.length(); ) {
      int cp = unquoted.codePointAt(i);
      i += Character.charCount(cp);
      if (!Character.isLetter(cp)) {
        continue;
      }
      Character.UnicodeScript script = Character.UnicodeScript.of(cp);
      if (script == Character.UnicodeScript.CYRILLIC) {
        cyrillic++;
      } else if (script == Character.UnicodeScript.LATIN) {
        latin++;
      }
    }
    int letters = cyrillic + latin;
    if (letters < 12) {
      return language == Language.RUSSIAN ? cyrillic >= latin : latin >= cyrillic;
    }
    return language == Language.RUSSIAN ? cyrillic >= 0.6 * letters : latin >= 0.9 * letters;
  }
}

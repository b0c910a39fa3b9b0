package dev.persona.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.ValidationException;
import dev.persona.ValidationException.FieldError;
import dev.persona.internal.Check;
import dev.persona.model.SurveyVocabulary.Question;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A typed view of a learner's onboarding survey ({@code profiles.survey}).
 *
 * <p>The six questions Persona personalizes from are typed; every other key (legacy fields such as
 * {@code experience} or {@code fears_other}, and whatever a host adds) is kept in {@link #extras()}
 * and written back unchanged. Answers to {@link #motivation()} and {@link #fears()} (and a coded
 * {@link #practiceModel()}) are stored as canonical codes when they name a known answer (see {@link
 * SurveyVocabulary}), and as the learner's own text otherwise.
 *
 * <p>Limits: free text up to {@value #MAX_TEXT_LENGTH} characters per answer, up to {@value
 * #MAX_ITEMS} items of up to {@value #MAX_ITEM_LENGTH} characters per list, and {@value
 * #MAX_EXTRAS_LENGTH} characters of JSON for all extra keys together. Longer input is refused with
 * a {@link ValidationException} naming the field.
 *
 * @param motivation why the learner takes the course: codes or free text, in order, no blanks
 * @param targetClients whom the learner wants to work with, or {@code null}
 * @param skillsWanted the skills the learner wants, or {@code null}
 * @param fears what worries the learner: codes or free text
 * @param wowResult the result that would impress the learner most, or {@code null}
 * @param practiceModel whom the learner practises on, or {@code null}
 * @param extras every other survey key, in document order
 */
public record Survey(
    List<String> motivation,
    @Nullable String targetClients,
    @Nullable String skillsWanted,
    List<String> fears,
    @Nullable String wowResult,
    @Nullable String practiceModel,
    Map<String, JsonValue> extras) {

  /** The longest free-text answer accepted. */
  public static final int MAX_TEXT_LENGTH = 2000;
  /** The most items a list answer may have. */
  public static final int MAX_ITEMS = 20;
  /** The longest item of a list answer. */
  public static final int MAX_ITEM_LENGTH = 500;
  /** The most characters of JSON all extra keys may take together. */
  public static final int MAX_EXTRAS_LENGTH = 65_536;

  /** The JSON keys of the typed questions. */
  public static final List<String> KEYS =
      List.of("motivation", "target_clients", "skills_wanted", "fears", "wow_result", "practice_model");

  private static final Survey EMPTY = new Survey(List.of(), null, null, List.of(), null, null, Map.of());

  /**
   * Validates and normalizes the survey: trims answers, drops blank items, maps known codes and
   * labels to canonical codes, and copies the collections.
   *
   * @throws ValidationException naming every field that is too long or has too many items
   */
  public Survey {
    List<FieldError> errors = new ArrayList<>();
    motivation = normalizeList(motivation, Question.MOTIVATION, errors);
    fears = normalizeList(fears, Question.FEARS, errors);
    targetClients = normalizeText(targetClients, "target_clients", errors);
    skillsWanted = normalizeText(skillsWanted, "skills_wanted", errors);
    wowResult = normalizeText(wowResult, "wow_result", errors);
    practiceModel = normalizeText(practiceModel, "practice_model", errors);
    if (practiceModel != null) {
      practiceModel = SurveyVocabulary.standard().canonical(Question.PRACTICE_MODEL, practiceModel).orElse(practiceModel);
    }
    Map<String, JsonValue> copy = new LinkedHashMap<>();
    int extrasLength = 0;
    if (extras != null) {
      for (var e : extras.entrySet()) {
        if (e.getKey() == null || e.getValue() == null) {
          errors.add(new FieldError("survey", "extra keys and values must not be null"));
          continue;
        }
        if (KEYS.contains(e.getKey())) {
          errors.add(new FieldError("survey." + e.getKey(), "is a typed question, not an extra key"));
          continue;
        }
        copy.put(e.getKey(), e.getValue());
        extrasLength += e.getKey().length() + e.getValue().length();
      }
    }
    if (extrasLength > MAX_EXTRAS_LENGTH) {
      errors.add(new FieldError("survey", "extra keys take " + extrasLength
          + " characters of JSON; the limit is " + MAX_EXTRAS_LENGTH));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    extras = Collections.unmodifiableMap(copy);
  }

  /**
   * A survey with no answers.
   *
   * @return the empty survey
   */
  public static Survey empty() {
    return EMPTY;
  }

  /**
   * Starts a survey.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a stored or submitted survey. Accepts a string where a list is expected (a
   * comma-separated string of known codes is split), codes or labels, legacy codes, and numbers
   * where text is expected. JSON {@code null} reads as the empty survey. Sizes are checked before
   * anything is copied, so hostile input is refused in time proportional to its size.
   *
   * @param json the survey object
   * @return the survey
   * @throws ValidationException if the JSON is not an object or an answer has a wrong type or size
   */
  public static Survey fromJson(JsonValue json) {
    return SurveyJson.read(json);
  }

  /**
   * Parses survey JSON text; see {@link #fromJson(JsonValue)}.
   *
   * @param json the JSON text
   * @return the survey
   */
  public static Survey parse(String json) {
    return fromJson(JsonValue.parse(json));
  }

  /**
   * The survey as JSON with the original system's keys: lists as arrays, unanswered text omitted,
   * extras after the typed keys.
   *
   * @return a JSON object
   */
  public JsonValue toJson() {
    return SurveyJson.write(this);
  }

  /**
   * The answers that look like codes but are not in the {@linkplain SurveyVocabulary#standard()
   * standard vocabulary}, by question key: what prompts leave out. See {@link
   * SurveyVocabulary#unknownCodes(Survey)} for a host's own vocabulary.
   *
   * @return question key to unknown codes; empty when there are none
   */
  public Map<String, List<String>> unknownCodes() {
    return SurveyVocabulary.standard().unknownCodes(this);
  }

  /**
   * A free-text extra answer, such as {@code fears_other} or {@code experience}.
   *
   * @param key the extra key
   * @return its text when it is a non-blank string (or a number), else empty
   */
  public Optional<String> extraText(String key) {
    JsonValue v = extras.get(key);
    if (v == null) {
      return Optional.empty();
    }
    JsonNode n = v.node();
    if (n.isTextual() || n.isNumber()) {
      String s = n.asText().strip();
      return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
    return Optional.empty();
  }

  /**
   * Whether the learner answered none of the six questions.
   *
   * @return true when every typed answer is empty
   */
  public boolean isBlank() {
    return motivation.isEmpty() && fears.isEmpty() && targetClients == null && skillsWanted == null
        && wowResult == null && practiceModel == null;
  }

  /** Shows which questions are answered, never the answers. */
  @Override
  public String toString() {
    return "Survey[motivation=" + motivation.size() + " items, fears=" + fears.size()
        + " items, targetClients=" + answered(targetClients) + ", skillsWanted=" + answered(skillsWanted)
        + ", wowResult=" + answered(wowResult) + ", practiceModel=" + answered(practiceModel)
        + ", extras=" + extras.keySet() + "]";
  }

  private static String answered(@Nullable String s) {
    return s == null ? "unanswered" : "answered";
  }

  private static List<String> normalizeList(@Nullable List<String> items, Question q, List<FieldError> errors) {
    if (items == null) {
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    int index = 0;
    for (String item : items) {
      if (item == null || item.isBlank()) {
        continue;
      }
      String s = item.strip();
      String bad = s.length() > MAX_ITEM_LENGTH ? null : Check.unicodeProblem(s);
      if (s.length() > MAX_ITEM_LENGTH) {
        errors.add(new FieldError("survey." + q.key() + "[" + index + "]",
            "is " + s.length() + " characters long; the limit is " + MAX_ITEM_LENGTH));
      } else if (bad != null) {
        errors.add(new FieldError("survey." + q.key() + "[" + index + "]", bad));
      } else {
        out.add(SurveyVocabulary.standard().canonical(q, s).orElse(s));
      }
      index++;
      if (out.size() > MAX_ITEMS) {
        errors.add(new FieldError("survey." + q.key(), "has more than " + MAX_ITEMS + " items; the limit is " + MAX_ITEMS));
        return List.of();
      }
    }
    return List.copyOf(out);
  }

  private static @Nullable String normalizeText(@Nullable String text, String key, List<FieldError> errors) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String s = text.strip();
    if (s.length() > MAX_TEXT_LENGTH) {
      errors.add(new FieldError("survey." + key,
          "is " + s.length() + " characters long; the limit is " + MAX_TEXT_LENGTH));
    } else {
      String bad = Check.unicodeProblem(s);
      if (bad != null) {
        errors.add(new FieldError("survey." + key, bad));
      }
    }
    return s;
  }

  /** Builds a {@link Survey}; every setter is optional. */
  public static final class Builder {
    private List<String> motivation = List.of();
    private @Nullable String targetClients;
    private @Nullable String skillsWanted;
    private List<String> fears = List.of();
    private @Nullable String wowResult;
    private @Nullable String practiceModel;
    private final Map<String, JsonValue> extras = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the motivation answers.
     *
     * @param answers codes, labels or free text
     * @return this builder
     */
    public Builder motivation(String... answers) {
      this.motivation = List.of(answers);
      return this;
    }

    /**
     * Sets the fears answers.
     *
     * @param answers codes, labels or free text
     * @return this builder
     */
    public Builder fears(String... answers) {
      this.fears = List.of(answers);
      return this;
    }

    /**
     * Sets whom the learner wants to work with.
     *
     * @param text free text
     * @return this builder
     */
    public Builder targetClients(String text) {
      this.targetClients = text;
      return this;
    }

    /**
     * Sets the skills the learner wants.
     *
     * @param text free text
     * @return this builder
     */
    public Builder skillsWanted(String text) {
      this.skillsWanted = text;
      return this;
    }

    /**
     * Sets the result that would impress the learner.
     *
     * @param text free text
     * @return this builder
     */
    public Builder wowResult(String text) {
      this.wowResult = text;
      return this;
    }

    /**
     * Sets whom the learner practises on.
     *
     * @param text free text or a code
     * @return this builder
     */
    public Builder practiceModel(String text) {
      this.practiceModel = text;
      return this;
    }

    /**
     * Adds an extra key.
     *
     * @param key a key other than the six typed ones
     * @param value its value
     * @return this builder
     */
    public Builder extra(String key, JsonValue value) {
      extras.put(key, value);
      return this;
    }

    /**
     * Builds the survey.
     *
     * @return the survey
     * @throws ValidationException if an answer is too long
     */
    public Survey build() {
      return new Survey(motivation, targetClients, skillsWanted, fears, wowResult, practiceModel, extras);
    }
  }
}

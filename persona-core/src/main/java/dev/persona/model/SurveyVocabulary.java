package dev.persona.model;

import dev.persona.internal.Check;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The survey's answer codes with their Russian and English labels, and the aliases (legacy codes
 * and labels) that lead to them.
 *
 * <p>The original system stored codes from several generations of its forms ({@code extra_income},
 * {@code hurt_client}, ...) and sometimes the Russian label itself instead of a code. {@link
 * #canonical} maps all of these onto one code per meaning, and {@link #label} gives the text a
 * prompt shows, so that no prompt ever contains a raw code.
 */
public final class SurveyVocabulary {

  /** A question whose answers come from a fixed list. */
  public enum Question {
    /** {@code motivation}: why the learner takes the course. */
    MOTIVATION("motivation"),
    /** {@code fears}: what worries the learner. */
    FEARS("fears"),
    /** {@code practice_model}: whom the learner practises on (a code in old forms, else free text). */
    PRACTICE_MODEL("practice_model"),
    /** {@code experience}: prior experience (legacy forms). */
    EXPERIENCE("experience");

    private final String key;

    Question(String key) {
      this.key = key;
    }

    /**
     * The survey JSON key.
     *
     * @return the key
     */
    public String key() {
      return key;
    }
  }

  private record Entry(String ru, String en) {}

  private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9]*(?:_[a-z0-9]+)+");

  private static final Map<Question, Map<String, Entry>> CODES = new LinkedHashMap<>();
  private static final Map<Question, Map<String, String>> ALIASES = new LinkedHashMap<>();

  static {
    for (Question q : Question.values()) {
      CODES.put(q, new LinkedHashMap<>());
      ALIASES.put(q, new LinkedHashMap<>());
    }
    // Current form (app/survey/iframe/page.tsx) first, then legacy codes seen in scripts and data.
    code(Question.MOTIVATION, "help_others", "Помочь близким", "Helping loved ones", "Помощь другим");
    code(Question.MOTIVATION, "professional_development", "Профессиональное развитие", "Professional development");
    code(Question.MOTIVATION, "health_improvement", "Улучшение здоровья", "Better health", "health_interest");
    code(Question.MOTIVATION, "additional_income", "Дополнительный доход", "Extra income", "extra_income");
    code(Question.MOTIVATION, "new_profession", "Новая профессия", "A new profession", "career_change");
    code(Question.MOTIVATION, "help_family", "Помощь семье", "Helping my family");
    code(Question.MOTIVATION, "self_development", "Саморазвитие", "Self-development");
    code(Question.MOTIVATION, "hobby", "Хобби", "A hobby");
    code(Question.MOTIVATION, "upgrade_technique", "Улучшить технику", "Improving my technique");
    code(Question.MOTIVATION, "new_clients", "Привлечь новых клиентов", "Getting new clients");

    code(Question.FEARS, "harm_client", "Навредить клиенту", "Harming a client", "hurt_client", "hurt_someone", "Навредить кому-то");
    code(Question.FEARS, "wrong_technique", "Неправильная техника", "Using the wrong technique");
    code(Question.FEARS, "lack_confidence", "Недостаток уверенности", "Lack of confidence", "no_confidence", "Не уверен в себе");
    code(Question.FEARS, "not_enough_time", "Недостаточно времени", "Not enough time", "no_time", "Не хватит времени");
    code(Question.FEARS, "technique_fail", "Не получится техника", "The technique may not work out");
    code(Question.FEARS, "no_clients", "Не смогу найти клиентов", "Not finding clients");
    code(Question.FEARS, "too_difficult", "Слишком сложно", "It may be too difficult");
    code(Question.FEARS, "not_enough_practice", "Недостаточно практики", "Not enough practice");

    code(Question.PRACTICE_MODEL, "family", "Семья", "Family");
    code(Question.PRACTICE_MODEL, "friends", "Друзья", "Friends");
    code(Question.PRACTICE_MODEL, "pets", "Домашние животные", "Pets");
    code(Question.PRACTICE_MODEL, "mannequin", "Манекен", "A mannequin");

    code(Question.EXPERIENCE, "none", "Нет опыта", "No experience");
    code(Question.EXPERIENCE, "beginner", "Начинающий (нет опыта)", "Beginner (no experience)");
    code(Question.EXPERIENCE, "some", "Есть небольшой опыт", "Some experience");
    code(Question.EXPERIENCE, "self_taught", "Самоучка (занимался самостоятельно)", "Self-taught");
    code(Question.EXPERIENCE, "offline_courses", "Проходил очные курсы", "Took in-person courses");
    code(Question.EXPERIENCE, "intermediate", "Средний уровень", "Intermediate");
    code(Question.EXPERIENCE, "advanced", "Продвинутый", "Advanced");
    code(Question.EXPERIENCE, "professional", "Профессионал", "Professional");
    code(Question.EXPERIENCE, "professional_education", "Профильное образование", "Professional education");
  }

  private SurveyVocabulary() {}

  private static void code(Question q, String code, String ru, String en, String... aliases) {
    codes(q).put(code, new Entry(ru, en));
    Map<String, String> a = aliases(q);
    a.put(key(code), code);
    a.put(key(ru), code);
    a.put(key(en), code);
    for (String alias : aliases) {
      a.put(key(alias), code);
    }
  }

  private static Map<String, Entry> codes(Question q) {
    return Objects.requireNonNull(CODES.get(q));
  }

  private static Map<String, String> aliases(Question q) {
    return Objects.requireNonNull(ALIASES.get(q));
  }

  private static String key(String s) {
    return s.strip().toLowerCase(Locale.ROOT).replace('ё', 'е');
  }

  /**
   * The canonical code for an answer given as a code, a legacy code or a label (Russian or
   * English, any case).
   *
   * @param question the question
   * @param answer what the survey holds
   * @return the canonical code, or empty when the answer is free text or an unknown code
   */
  public static Optional<String> canonical(Question question, String answer) {
    Check.required(question, "question");
    Check.required(answer, "answer");
    return Optional.ofNullable(aliases(question).get(key(answer)));
  }

  /**
   * The label of a canonical code.
   *
   * @param question the question
   * @param code a canonical code
   * @param language the label's language
   * @return the label, or empty for an unknown code
   */
  public static Optional<String> label(Question question, String code, Language language) {
    Check.required(question, "question");
    Check.required(code, "code");
    Check.required(language, "language");
    Entry e = codes(question).get(code);
    if (e == null) {
      return Optional.empty();
    }
    return Optional.of(language == Language.RUSSIAN ? e.ru() : e.en());
  }

  /**
   * What a prompt shows for an answer: the label for a known code, the answer itself for free
   * text, and nothing for an unknown code (so that no raw code reaches a prompt).
   *
   * @param question the question
   * @param answer the stored answer
   * @param language the prompt's language
   * @return the text to show, or empty
   */
  public static Optional<String> display(Question question, String answer, Language language) {
    Optional<String> code = canonical(question, answer);
    if (code.isPresent()) {
      return label(question, code.get(), language);
    }
    return looksLikeCode(answer) ? Optional.empty() : Optional.of(answer.strip());
  }

  /**
   * Whether text looks like a machine code ({@code snake_case} with at least one underscore) rather
   * than words a person wrote.
   *
   * @param text the text
   * @return true for codes such as {@code harm_client}
   */
  public static boolean looksLikeCode(String text) {
    Check.required(text, "text");
    return CODE.matcher(text.strip()).matches();
  }
}

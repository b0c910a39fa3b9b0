package dev.persona.model;

import dev.persona.ValidationException;
import dev.persona.internal.Check;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The survey's answer codes with their Russian and English labels, and the aliases (legacy codes
 * and labels) that lead to them: what keeps raw codes out of every prompt.
 *
 * <p>The original system stored codes from several generations of its forms ({@code extra_income},
 * {@code hurt_client}, ...), codes in questions its form asked as free text ({@code
 * office_workers}), and sometimes the Russian label itself instead of a code. {@link #canonical}
 * maps all of these onto one code per meaning, {@link #label} gives the text a prompt shows, and
 * {@link #display} decides for any answer: the label of a known code or alias, the learner's own
 * words for free text, and nothing for an answer that looks like a code but is not known (such
 * answers are reported by {@link #unknownCodes}, never sent to a model).
 *
 * <p>{@link #standard()} knows every code of the original system's forms, scripts and stored data,
 * and the codes of the seed document's example learner. A host extends it:
 *
 * <pre>{@code
 * SurveyVocabulary vocabulary = SurveyVocabulary.standard().toBuilder()
 *     .code(Question.TARGET_CLIENTS, "new_mothers", "Молодые мамы", "New mothers")
 *     .build();
 * PersonalizationService.builder().vocabulary(vocabulary) ...
 * }</pre>
 */
public final class SurveyVocabulary {

  /** A survey question whose answers may be codes. */
  public enum Question {
    /** {@code motivation}: why the learner takes the course (a list). */
    MOTIVATION("motivation"),
    /** {@code target_clients}: whom the learner wants to work with. */
    TARGET_CLIENTS("target_clients"),
    /** {@code skills_wanted}: what the learner wants to learn. */
    SKILLS_WANTED("skills_wanted"),
    /** {@code fears}: what worries the learner (a list). */
    FEARS("fears"),
    /** {@code wow_result}: the result that would impress the learner. */
    WOW_RESULT("wow_result"),
    /** {@code practice_model}: whom the learner practises on. */
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

  // snake_case, kebab-case or dotted identifiers of lower-case ASCII, with at least one separator
  private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9]*(?:[_.-][a-z0-9]+)+");
  private static final int MAX_CODE_LENGTH = 100;

  private static final SurveyVocabulary STANDARD = standardBuilder().build();

  private final Map<Question, Map<String, Entry>> codes;
  private final Map<Question, Map<String, String>> aliases;

  private SurveyVocabulary(Map<Question, Map<String, Entry>> codes, Map<Question, Map<String, String>> aliases) {
    this.codes = codes;
    this.aliases = aliases;
  }

  /**
   * Every code the original system and the seed document use, with Russian and English labels.
   *
   * @return the standard vocabulary
   */
  public static SurveyVocabulary standard() {
    return STANDARD;
  }

  /**
   * An empty vocabulary to build from scratch.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this vocabulary's codes, to extend it.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    codes.forEach((q, m) -> of(b.codes, q).putAll(m));
    aliases.forEach((q, m) -> of(b.aliases, q).putAll(m));
    return b;
  }

  /**
   * The canonical code for an answer given as a code, a legacy code or a label (Russian or
   * English, any case).
   *
   * @param question the question
   * @param answer what the survey holds
   * @return the canonical code, or empty when the answer is free text or an unknown code
   */
  public Optional<String> canonical(Question question, String answer) {
    Check.required(question, "question");
    Check.required(answer, "answer");
    return Optional.ofNullable(of(aliases, question).get(key(answer)));
  }

  /**
   * The label of a canonical code.
   *
   * @param question the question
   * @param code a canonical code
   * @param language the label's language
   * @return the label, or empty for an unknown code
   */
  public Optional<String> label(Question question, String code, Language language) {
    Check.required(question, "question");
    Check.required(code, "code");
    Check.required(language, "language");
    Entry e = of(codes, question).get(code);
    return e == null ? Optional.empty() : Optional.of(language == Language.RUSSIAN ? e.ru() : e.en());
  }

  /**
   * What a prompt shows for an answer: the label for a known code or alias, the answer itself for
   * the learner's own words, and nothing for an unknown code, so that no raw code reaches a prompt.
   *
   * @param question the question
   * @param answer the stored answer
   * @param language the prompt's language
   * @return the text to show, or empty
   */
  public Optional<String> display(Question question, String answer, Language language) {
    Optional<String> code = canonical(question, answer);
    if (code.isPresent()) {
      return label(question, code.get(), language);
    }
    return looksLikeCode(answer) ? Optional.empty() : Optional.of(answer.strip());
  }

  /**
   * The answers of a survey that look like codes but are not in this vocabulary, by question: what
   * {@link #display} leaves out of prompts. A host adds them to its vocabulary (or fixes its form).
   *
   * @param survey the survey
   * @return question key to the unknown codes, in survey order; empty when there are none
   */
  public Map<String, List<String>> unknownCodes(Survey survey) {
    Check.required(survey, "survey");
    Map<String, List<String>> out = new LinkedHashMap<>();
    collect(out, Question.MOTIVATION, survey.motivation());
    collect(out, Question.TARGET_CLIENTS, single(survey.targetClients()));
    collect(out, Question.SKILLS_WANTED, single(survey.skillsWanted()));
    collect(out, Question.FEARS, survey.fears());
    collect(out, Question.WOW_RESULT, single(survey.wowResult()));
    collect(out, Question.PRACTICE_MODEL, single(survey.practiceModel()));
    collect(out, Question.EXPERIENCE, single(survey.extraText("experience").orElse(null)));
    return Collections.unmodifiableMap(out);
  }

  private void collect(Map<String, List<String>> out, Question q, List<String> answers) {
    for (String a : answers) {
      if (canonical(q, a).isEmpty() && looksLikeCode(a)) {
        out.computeIfAbsent(q.key(), k -> new ArrayList<>()).add(a.strip());
      }
    }
  }

  private static List<String> single(@Nullable String answer) {
    return answer == null ? List.of() : List.of(answer);
  }

  /**
   * Whether text looks like a machine code ({@code snake_case}, {@code kebab-case} or {@code
   * dotted.code}, lower-case ASCII with at least one separator) rather than words a person wrote.
   *
   * @param text the text
   * @return true for codes such as {@code harm_client}
   */
  public static boolean looksLikeCode(String text) {
    Check.required(text, "text");
    String s = text.strip();
    return s.length() <= MAX_CODE_LENGTH && CODE.matcher(s).matches();
  }

  private static <V> Map<String, V> of(Map<Question, Map<String, V>> byQuestion, Question q) {
    return java.util.Objects.requireNonNull(byQuestion.get(q), "every question has a map");
  }

  private static String key(String s) {
    return s.strip().toLowerCase(Locale.ROOT).replace('ё', 'е');
  }

  /** Builds a {@link SurveyVocabulary}. */
  public static final class Builder {
    private final Map<Question, Map<String, Entry>> codes = new EnumMap<>(Question.class);
    private final Map<Question, Map<String, String>> aliases = new EnumMap<>(Question.class);

    private Builder() {
      for (Question q : Question.values()) {
        codes.put(q, new LinkedHashMap<>());
        aliases.put(q, new LinkedHashMap<>());
      }
    }

    /**
     * Adds (or replaces) a code with its labels; the code, both labels and every alias then lead to
     * it.
     *
     * @param question the question
     * @param code the canonical code, a lower-case identifier
     * @param russian the Russian label
     * @param english the English label
     * @param moreAliases other codes or labels that mean the same
     * @return this builder
     * @throws ValidationException if a value is blank or the code is not a lower-case identifier
     */
    public Builder code(Question question, String code, String russian, String english, String... moreAliases) {
      Check.required(question, "question");
      Check.text(code, "code", MAX_CODE_LENGTH);
      if (!code.matches("[a-z][a-z0-9]*(?:[_.-][a-z0-9]+)*")) {
        throw ValidationException.of("code", "must be a lower-case identifier such as office_workers");
      }
      Check.text(russian, "russian", 200);
      Check.text(english, "english", 200);
      Check.required(moreAliases, "aliases");
      of(codes, question).put(code, new Entry(russian.strip(), english.strip()));
      Map<String, String> a = of(aliases, question);
      a.put(key(code), code);
      a.put(key(russian), code);
      a.put(key(english), code);
      for (String alias : moreAliases) {
        a.put(key(Check.text(alias, "alias", 200)), code);
      }
      return this;
    }

    /**
     * Builds the vocabulary.
     *
     * @return an immutable vocabulary
     */
    public SurveyVocabulary build() {
      Map<Question, Map<String, Entry>> c = new EnumMap<>(Question.class);
      Map<Question, Map<String, String>> a = new EnumMap<>(Question.class);
      codes.forEach((q, m) -> c.put(q, Map.copyOf(m)));
      aliases.forEach((q, m) -> a.put(q, Map.copyOf(m)));
      return new SurveyVocabulary(c, a);
    }
  }

  private static Builder standardBuilder() {
    Builder b = new Builder();
    // the current form (app/survey/iframe/page.tsx) first, then codes of scripts, stored data and the seed
    b.code(Question.MOTIVATION, "help_others", "Помочь близким", "Helping loved ones", "Помощь другим");
    b.code(Question.MOTIVATION, "professional_development", "Профессиональное развитие", "Professional development");
    b.code(Question.MOTIVATION, "health_improvement", "Улучшение здоровья", "Better health", "health_interest");
    b.code(Question.MOTIVATION, "additional_income", "Дополнительный доход", "Extra income", "extra_income");
    b.code(Question.MOTIVATION, "new_profession", "Новая профессия", "A new profession");
    b.code(Question.MOTIVATION, "career_change", "Сменить профессию", "Changing careers");
    b.code(Question.MOTIVATION, "help_family", "Помощь семье", "Helping my family");
    b.code(Question.MOTIVATION, "self_development", "Саморазвитие", "Self-development");
    b.code(Question.MOTIVATION, "hobby", "Хобби", "A hobby");
    b.code(Question.MOTIVATION, "upgrade_technique", "Улучшить технику", "Improving my technique",
        "upgrade_skill");
    b.code(Question.MOTIVATION, "new_clients", "Привлечь новых клиентов", "Getting new clients", "start_clients");

    b.code(Question.FEARS, "harm_client", "Навредить клиенту", "Harming a client", "hurt_client", "hurt_someone",
        "hurting_clients", "hurting_client", "harm_clients", "Навредить кому-то");
    b.code(Question.FEARS, "wrong_technique", "Неправильная техника", "Using the wrong technique");
    b.code(Question.FEARS, "lack_confidence", "Недостаток уверенности", "Lack of confidence", "no_confidence",
        "Не уверен в себе");
    b.code(Question.FEARS, "not_enough_time", "Недостаточно времени", "Not enough time", "no_time",
        "Не хватит времени");
    b.code(Question.FEARS, "technique_fail", "Не получится техника", "The technique may not work out");
    b.code(Question.FEARS, "no_clients", "Не смогу найти клиентов", "Not finding clients");
    b.code(Question.FEARS, "too_difficult", "Слишком сложно", "It may be too difficult");
    b.code(Question.FEARS, "not_enough_practice", "Недостаточно практики", "Not enough practice");

    b.code(Question.TARGET_CLIENTS, "office_workers", "Офисные работники", "Office workers");
    b.code(Question.TARGET_CLIENTS, "athletes", "Спортсмены", "Athletes");
    b.code(Question.TARGET_CLIENTS, "elderly_people", "Пожилые люди", "Elderly people", "elderly");
    b.code(Question.TARGET_CLIENTS, "family_and_friends", "Родные и друзья", "Family and friends");

    b.code(Question.SKILLS_WANTED, "pain_relief_techniques", "Техники снятия боли", "Pain relief techniques");
    b.code(Question.SKILLS_WANTED, "relaxation_massage", "Расслабляющий массаж", "Relaxation massage");
    b.code(Question.SKILLS_WANTED, "neck_and_shoulders", "Работа с шеей и плечами", "Working on the neck and shoulders");

    b.code(Question.WOW_RESULT, "become_expert_massager", "Стать экспертом в массаже",
        "Becoming an expert massage therapist");
    b.code(Question.WOW_RESULT, "first_paying_clients", "Первые платные клиенты", "The first paying clients");
    b.code(Question.WOW_RESULT, "own_practice", "Своя практика", "A practice of my own");

    b.code(Question.PRACTICE_MODEL, "family", "Семья", "Family");
    b.code(Question.PRACTICE_MODEL, "friends", "Друзья", "Friends", "friend");
    b.code(Question.PRACTICE_MODEL, "pets", "Домашние животные", "Pets");
    b.code(Question.PRACTICE_MODEL, "mannequin", "Манекен", "A mannequin");

    b.code(Question.EXPERIENCE, "none", "Нет опыта", "No experience");
    b.code(Question.EXPERIENCE, "beginner", "Начинающий (нет опыта)", "Beginner (no experience)", "novice");
    b.code(Question.EXPERIENCE, "some", "Есть небольшой опыт", "Some experience");
    b.code(Question.EXPERIENCE, "self_taught", "Самоучка (занимался самостоятельно)", "Self-taught");
    b.code(Question.EXPERIENCE, "offline_courses", "Проходил очные курсы", "Took in-person courses");
    b.code(Question.EXPERIENCE, "intermediate", "Средний уровень", "Intermediate");
    b.code(Question.EXPERIENCE, "advanced", "Продвинутый", "Advanced");
    b.code(Question.EXPERIENCE, "professional", "Профессионал", "Professional");
    b.code(Question.EXPERIENCE, "professional_education", "Профильное образование", "Professional education");
    return b;
  }
}

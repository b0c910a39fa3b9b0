package dev.persona;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.ValidationException.FieldError;
import dev.persona.internal.Check;
import dev.persona.internal.Names;
import dev.persona.model.Course;
import dev.persona.model.JsonValue;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A learner's onboarding survey, as submitted: who, for which course, their name and answers.
 *
 * @param userIdentifier the learner's id in the host's world; required (no generated guest ids)
 * @param courseSlug the course
 * @param name how to address the learner, or {@code null}; never an e-mail address
 * @param survey the answers
 * @param firstLesson a lesson number to personalize before the others (the one the learner opens
 *     next), or {@code null}
 */
public record SurveySubmission(
    String userIdentifier, String courseSlug, @Nullable String name, Survey survey, @Nullable Integer firstLesson) {

  /**
   * Validates the submission.
   *
   * @throws ValidationException naming each bad field
   */
  public SurveySubmission {
    List<FieldError> errors = new ArrayList<>();
    try {
      Check.identifier(userIdentifier, "uid", Profile.MAX_USER_IDENTIFIER_LENGTH);
    } catch (ValidationException e) {
      errors.addAll(e.errors());
    }
    try {
      Check.identifier(courseSlug, "course", Course.MAX_SLUG_LENGTH);
    } catch (ValidationException e) {
      errors.addAll(e.errors());
    }
    checkName(name, errors);
    name = name == null || name.isBlank() ? null : name.strip();
    if (survey == null) {
      errors.add(new FieldError("survey", "is required"));
    }
    if (firstLesson != null && firstLesson < 1) {
      errors.add(new FieldError("first_lesson", "must be a lesson number from 1"));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
  }

  /**
   * Reads the body the original system's {@code POST /api/survey} took: {@code uid}, {@code
   * course}, {@code real_name}, an optional {@code first_lesson}, and the answers beside them.
   * Unlike the original, {@code uid} is required and the identification fields are not stored in
   * the survey.
   *
   * @param body the JSON object
   * @return the submission
   * @throws ValidationException listing every bad field
   */
  public static SurveySubmission fromJson(JsonValue body) {
    JsonNode root = Check.required(body, "body").toTree();
    if (!root.isObject()) {
      throw ValidationException.of("body", "must be a JSON object");
    }
    List<FieldError> errors = new ArrayList<>();
    String uid = scalar(root, "uid", errors);
    String course = scalar(root, "course", errors);
    String name = scalar(root, "real_name", errors);
    Integer first = null;
    JsonNode f = root.get("first_lesson");
    if (f != null && !f.isNull()) {
      // a whole number only: 1.9 or 1e3 is not a lesson number
      if (f.isIntegralNumber() && f.canConvertToInt()) {
        first = f.intValue();
      } else if (f.isTextual() && f.textValue().strip().matches("\\d{1,6}")) {
        first = Integer.valueOf(f.textValue().strip());
      } else {
        errors.add(new FieldError("first_lesson", "must be a whole lesson number"));
      }
    }
    ObjectNode answers = ((ObjectNode) root).deepCopy();
    answers.remove(List.of("uid", "course", "real_name", "first_lesson"));
    for (String key : Survey.KEYS) {
      JsonNode answer = answers.get(key);
      boolean list = key.equals("motivation") || key.equals("fears");
      if (answer != null && !answer.isNull() && !answer.isTextual()
          && !(list && answer.isArray() && allText(answer))) {
        errors.add(new FieldError("survey." + key, list ? "must be a list of strings or a string" : "must be a string"));
        answers.remove(key);
      }
    }
    Survey survey = null;
    try {
      survey = Survey.fromJson(JsonValue.of(answers));
    } catch (ValidationException e) {
      errors.addAll(e.errors());
    }
    if (uid == null) {
      errors.add(new FieldError("uid", "is required"));
    }
    checkName(name, errors);
    if (course == null) {
      errors.add(new FieldError("course", "is required"));
    }
    if (!errors.isEmpty() || uid == null || course == null || survey == null) {
      throw new ValidationException(errors);
    }
    return new SurveySubmission(uid, course, name, survey, first);
  }

  private static void checkName(@Nullable String name, List<FieldError> errors) {
    if (name != null && !name.isBlank()) {
      if (name.strip().length() > Profile.MAX_NAME_LENGTH) {
        errors.add(new FieldError("real_name", "is longer than " + Profile.MAX_NAME_LENGTH + " characters"));
      } else if (Names.isEmail(name)) {
        errors.add(new FieldError("real_name", "looks like an e-mail address; ask for the learner's name"));
      }
    }
  }

  private static @Nullable String scalar(JsonNode root, String key, List<FieldError> errors) {
    JsonNode v = root.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      errors.add(new FieldError(key, "must be a string"));
      return null;
    }
    String s = v.textValue().strip();
    return s.isEmpty() ? null : s;
  }

  private static boolean allText(JsonNode array) {
    for (JsonNode item : array) {
      if (!item.isTextual() && !item.isNull()) {
        return false;
      }
    }
    return true;
  }

  /** Shows identifiers only. */
  @Override
  public String toString() {
    return "SurveySubmission[uid=" + userIdentifier + ", course=" + courseSlug + ", survey=" + survey + "]";
  }
}

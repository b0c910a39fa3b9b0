package dev.persona.jdbc;

import dev.persona.ValidationException;
import dev.persona.llm.TokenUsage;
import dev.persona.model.Course;
import dev.persona.model.JsonValue;
import dev.persona.model.Lesson;
import dev.persona.model.LessonAsset;
import dev.persona.model.LessonDescription;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizationStatus;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.Profile;
import dev.persona.model.Provenance;
import dev.persona.model.Survey;
import dev.persona.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.spi.JdbiPlugin;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PGobject;

/**
 * Teaches Jdbi Persona's types: JSON values, surveys and personalized content bind as {@code
 * jsonb}, statuses as their codes, and each record has a row mapper reading the column aliases of
 * {@link Sql} ({@code c_} course, {@code l_} lesson, {@code p_} profile, {@code d_}
 * personalization). Statements are plain SQL (no template engine) with {@code uuid} arrays.
 */
final class PersonaJdbiPlugin implements JdbiPlugin {

  @Override
  public void customizeJdbi(Jdbi jdbi) {
    jdbi.setTemplateEngine(TemplateEngine.NOP);
    jdbi.registerArrayType(UUID.class, "uuid");
    jdbi.registerArgument(new JsonbArgument<JsonValue>() {
      @Override
      String json(JsonValue value) {
        return value.toJson();
      }
    });
    jdbi.registerArgument(new JsonbArgument<Survey>() {
      @Override
      String json(Survey value) {
        return value.toJson().toJson();
      }
    });
    jdbi.registerArgument(new JsonbArgument<PersonalizedContent>() {
      @Override
      String json(PersonalizedContent value) {
        return value.toJson().toJson();
      }
    });
    jdbi.registerArgument(new AbstractArgumentFactory<PersonalizationStatus>(Types.VARCHAR) {
      @Override
      protected Argument build(PersonalizationStatus value, ConfigRegistry config) {
        return (position, statement, ctx) -> statement.setString(position, value.code());
      }
    });
    jdbi.registerColumnMapper(JsonValue.class, (rs, column, ctx) -> readJson(rs.getString(column),
        rs.getMetaData().getColumnName(column)));
    jdbi.registerRowMapper(Course.class, PersonaJdbiPlugin::course);
    jdbi.registerRowMapper(Lesson.class, PersonaJdbiPlugin::lesson);
    jdbi.registerRowMapper(Profile.class, PersonaJdbiPlugin::profile);
    jdbi.registerRowMapper(Personalization.class, PersonaJdbiPlugin::personalization);
    jdbi.registerRowMapper(LessonDescription.class, (rs, ctx) ->
        new LessonDescription(uuid(rs, "id"), uuid(rs, "lesson_id"), json(rs, "data")));
    jdbi.registerRowMapper(LessonAsset.class, (rs, ctx) -> new LessonAsset(uuid(rs, "id"), uuid(rs, "lesson_id"),
        rs.getString("asset_type"), rs.getString("url"), json(rs, "metadata")));
  }

  /** Binds a value as {@code jsonb}, so statements need no casts. */
  private abstract static class JsonbArgument<T> extends AbstractArgumentFactory<T> {

    JsonbArgument() {
      super(Types.OTHER);
    }

    abstract String json(T value);

    @Override
    protected Argument build(T value, ConfigRegistry config) {
      String text = json(value);
      return (position, statement, ctx) -> {
        PGobject jsonb = new PGobject();
        jsonb.setType("jsonb");
        jsonb.setValue(text);
        statement.setObject(position, jsonb);
      };
    }
  }

  static Course course(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Course(uuid(rs, "c_id"), rs.getString("c_slug"), rs.getString("c_title"), rs.getString("c_description"));
  }

  static Lesson lesson(ResultSet rs, StatementContext ctx) throws SQLException {
    Lesson l = new Lesson(uuid(rs, "l_id"), uuid(rs, "l_course_id"), rs.getInt("l_number"), rs.getString("l_title"),
        rs.getString("l_summary"), json(rs, "l_content"), rs.getString("l_external_id"));
    String column = rs.getString("l_transcription");
    // the original system left some transcripts only in its transcription column (its migration 004)
    return l.transcript().isEmpty() && column != null && !column.isBlank() ? l.withTranscript(column) : l;
  }

  static Profile profile(ResultSet rs, StatementContext ctx) throws SQLException {
    String survey = rs.getString("p_survey");
    return new Profile(uuid(rs, "p_id"), rs.getString("p_user"), rs.getString("p_name"),
        rs.getString("p_course_slug"), survey == null ? Survey.empty() : Survey.parse(survey));
  }

  static Personalization personalization(ResultSet rs, StatementContext ctx) throws SQLException {
    String fingerprint = rs.getString("d_fingerprint");
    String model = rs.getString("d_model");
    String promptVersion = rs.getString("d_prompt_version");
    Provenance provenance = fingerprint == null || model == null || promptVersion == null ? null
        : new Provenance(fingerprint, model, promptVersion, new TokenUsage(rs.getLong("d_prompt_tokens"),
            rs.getLong("d_cached_prompt_tokens"), rs.getLong("d_completion_tokens")));
    OffsetDateTime updated = rs.getObject("d_updated_at", OffsetDateTime.class);
    return new Personalization(uuid(rs, "d_id"), uuid(rs, "d_profile_id"), uuid(rs, "d_lesson_id"),
        content(rs.getString("d_content")), PersonalizationStatus.fromCode(rs.getString("d_status")),
        provenance, updated == null ? null : updated.toInstant());
  }

  private static UUID uuid(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, UUID.class);
  }

  private static JsonValue json(ResultSet rs, String column) throws SQLException {
    return readJson(rs.getString(column), column);
  }

  /** A stored JSON value; one Persona would not accept today (written by another program) is a StoreException. */
  private static JsonValue readJson(@Nullable String text, String column) {
    if (text == null) {
      return JsonValue.emptyObject();
    }
    try {
      return JsonValue.parse(text);
    } catch (ValidationException e) {
      throw new StoreException("a stored " + column + " value cannot be read: " + e.getMessage(), e);
    }
  }

  private static PersonalizedContent content(@Nullable String json) {
    return json == null ? PersonalizedContent.of("", "", "", "", "") : PersonalizedContent.readJson(json);
  }
}

package dev.persona.jdbc;

import dev.persona.ValidationException;
import dev.persona.internal.Check;
import dev.persona.llm.TokenUsage;
import dev.persona.model.Course;
import dev.persona.model.JsonValue;
import dev.persona.model.Lesson;
import dev.persona.model.LessonAsset;
import dev.persona.model.LessonDescription;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizationStatus;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.PersonalizedCourse;
import dev.persona.model.PersonalizedLesson;
import dev.persona.model.Profile;
import dev.persona.model.Provenance;
import dev.persona.model.Survey;
import dev.persona.store.ConcurrentUpdateException;
import dev.persona.store.DuplicateKeyException;
import dev.persona.store.MissingReferenceException;
import dev.persona.store.PersonaStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PersonaStore} on PostgreSQL, with Jdbi. Run {@link PersonaMigrations#migrate} on the
 * same database and schema first.
 *
 * <ul>
 *   <li>JSON columns are JSONB, written and read through Jackson.
 *   <li>{@link #personalizedCourse} is one SQL statement, one round trip.
 *   <li>{@link #savePersonalizations} and {@link #replacePersonalizations} are one transaction
 *       with batched statements; with a {@code basedOn} profile, the profile row is locked and
 *       compared first, so a concurrent survey change cannot slip in between.
 *   <li>Upserts use {@code ON CONFLICT}, so concurrent writers of the same key never see an error.
 *   <li>SQL errors become {@link DuplicateKeyException}, {@link MissingReferenceException} or
 *       {@link dev.persona.store.StoreUnavailableException}; messages name constraints, never
 *       values, and never carry PostgreSQL's row details (which would include survey text).
 * </ul>
 *
 * <p>It uses whatever pooling the {@link DataSource} provides; use a pool (HikariCP or your
 * container's) in production.
 */
public final class JdbiPersonaStore implements PersonaStore {

  private final Jdbi jdbi;
  private final String schema;
  private final Statements sql;
  private final @Nullable Handle bound;
  private volatile @Nullable Consumer<Handle> beforeCommit;

  private JdbiPersonaStore(Jdbi jdbi, String schema) {
    this.jdbi = jdbi;
    this.schema = schema;
    this.sql = new Statements("\"" + schema + "\"");
    this.bound = null;
    jdbi.setTemplateEngine(TemplateEngine.NOP);
    jdbi.registerArrayType(UUID.class, "uuid");
  }

  /** A view that runs every operation on one handle, inside its open transaction. */
  private JdbiPersonaStore(JdbiPersonaStore outer, Handle handle) {
    this.jdbi = outer.jdbi;
    this.schema = outer.schema;
    this.sql = outer.sql;
    this.bound = handle;
  }

  /**
   * A store on the {@value PersonaMigrations#DEFAULT_SCHEMA} schema.
   *
   * @param dataSource the database
   * @return the store
   */
  public static JdbiPersonaStore create(DataSource dataSource) {
    return create(dataSource, PersonaMigrations.DEFAULT_SCHEMA);
  }

  /**
   * A store on a schema.
   *
   * @param dataSource the database
   * @param schema the schema {@link PersonaMigrations#migrate(DataSource, String)} set up
   * @return the store
   * @throws ValidationException if the schema is not a plain lower-case identifier
   */
  public static JdbiPersonaStore create(DataSource dataSource, String schema) {
    Check.required(dataSource, "dataSource");
    return new JdbiPersonaStore(Jdbi.create(dataSource), PersonaMigrations.requireSchema(schema));
  }

  /**
   * The schema this store works in.
   *
   * @return the schema
   */
  public String schema() {
    return schema;
  }

  /** For tests: runs inside every write transaction, after its statements and before the commit. */
  void beforeCommit(@Nullable Consumer<Handle> hook) {
    this.beforeCommit = hook;
  }

  // ---------------------------------------------------------------- courses

  @Override
  public void saveCourse(Course course) {
    Check.required(course, "course");
    write(h -> h.createUpdate(sql.upsertCourse)
        .bind("id", course.id()).bind("slug", course.slug()).bind("title", course.title())
        .bind("description", course.description()).execute());
  }

  @Override
  public Optional<Course> findCourse(String slug) {
    Check.required(slug, "slug");
    return read(h -> h.createQuery(sql.findCourseBySlug).bind("slug", slug).map((rs, ctx) -> course(rs)).findOne());
  }

  @Override
  public Optional<Course> findCourseById(UUID courseId) {
    Check.id(courseId, "courseId");
    return read(h -> h.createQuery(sql.findCourseById).bind("id", courseId).map((rs, ctx) -> course(rs)).findOne());
  }

  @Override
  public List<Course> courses() {
    return read(h -> h.createQuery(sql.listCourses).map((rs, ctx) -> course(rs)).list());
  }

  @Override
  public boolean deleteCourse(UUID courseId) {
    Check.id(courseId, "courseId");
    return write(h -> h.createUpdate(sql.deleteCourse).bind("id", courseId).execute() > 0);
  }

  // ---------------------------------------------------------------- lessons

  @Override
  public void saveLesson(Lesson lesson) {
    Check.required(lesson, "lesson");
    write(h -> bindLesson(h.createUpdate(sql.upsertLesson), lesson).execute());
  }

  private static org.jdbi.v3.core.statement.Update bindLesson(org.jdbi.v3.core.statement.Update u, Lesson l) {
    return u.bind("id", l.id()).bind("courseId", l.courseId()).bind("number", l.number())
        .bind("title", l.title()).bind("summary", l.summary()).bind("content", l.content().toJson())
        .bind("externalId", l.externalId());
  }

  @Override
  public Optional<Lesson> findLesson(UUID lessonId) {
    Check.id(lessonId, "lessonId");
    return read(h -> h.createQuery(sql.findLesson).bind("id", lessonId).map((rs, ctx) -> lesson(rs)).findOne());
  }

  @Override
  public List<Lesson> lessons(UUID courseId) {
    Check.id(courseId, "courseId");
    return read(h -> h.createQuery(sql.listLessonsOfCourse).bind("courseId", courseId)
        .map((rs, ctx) -> lesson(rs)).list());
  }

  @Override
  public boolean deleteLesson(UUID lessonId) {
    Check.id(lessonId, "lessonId");
    return write(h -> h.createUpdate(sql.deleteLesson).bind("id", lessonId).execute() > 0);
  }

  @Override
  public void saveLessonDescription(LessonDescription d) {
    Check.required(d, "description");
    write(h -> h.createUpdate(sql.upsertLessonDescription).bind("id", d.id())
        .bind("lessonId", d.lessonId()).bind("data", d.data().toJson()).execute());
  }

  @Override
  public Optional<LessonDescription> findLessonDescription(UUID lessonId) {
    Check.id(lessonId, "lessonId");
    return read(h -> h.createQuery(sql.findLessonDescription).bind("lessonId", lessonId)
        .map((rs, ctx) -> new LessonDescription(uuid(rs, "id"), uuid(rs, "lesson_id"), json(rs, "data")))
        .findOne());
  }

  @Override
  public void saveLessonAsset(LessonAsset a) {
    Check.required(a, "asset");
    write(h -> h.createUpdate(sql.upsertLessonAsset).bind("id", a.id()).bind("lessonId", a.lessonId())
        .bind("assetType", a.assetType()).bind("url", a.url()).bind("metadata", a.metadata().toJson()).execute());
  }

  @Override
  public List<LessonAsset> lessonAssets(UUID lessonId) {
    Check.id(lessonId, "lessonId");
    return read(h -> h.createQuery(sql.listLessonAssets).bind("lessonId", lessonId)
        .map((rs, ctx) -> new LessonAsset(uuid(rs, "id"), uuid(rs, "lesson_id"), rs.getString("asset_type"),
            rs.getString("url"), json(rs, "metadata")))
        .list());
  }

  // ---------------------------------------------------------------- profiles

  @Override
  public Profile saveProfile(Profile p) {
    Check.required(p, "profile");
    return write(h -> h.createQuery(sql.upsertProfile).bind("id", p.id()).bind("user", p.userIdentifier())
        .bind("name", p.name()).bind("courseSlug", p.courseSlug()).bind("survey", p.survey().toJson().toJson())
        .map((rs, ctx) -> profile(rs)).one());
  }

  @Override
  public Optional<Profile> findProfile(String userIdentifier, String courseSlug) {
    Check.required(userIdentifier, "userIdentifier");
    Check.required(courseSlug, "courseSlug");
    return read(h -> h.createQuery(sql.findProfile).bind("user", userIdentifier).bind("courseSlug", courseSlug)
        .map((rs, ctx) -> profile(rs)).findOne());
  }

  @Override
  public Optional<Profile> findProfileById(UUID profileId) {
    Check.id(profileId, "profileId");
    return read(h -> h.createQuery(sql.findProfileById).bind("id", profileId).map((rs, ctx) -> profile(rs)).findOne());
  }

  @Override
  public List<Profile> profiles(String courseSlug) {
    Check.required(courseSlug, "courseSlug");
    return read(h -> h.createQuery(sql.listProfilesOfCourse).bind("courseSlug", courseSlug)
        .map((rs, ctx) -> profile(rs)).list());
  }

  @Override
  public boolean deleteProfile(UUID profileId) {
    Check.id(profileId, "profileId");
    return write(h -> h.createUpdate(sql.deleteProfile).bind("id", profileId).execute() > 0);
  }

  // ---------------------------------------------------------------- personalizations

  @Override
  public Optional<Personalization> findPersonalization(UUID profileId, UUID lessonId) {
    Check.id(profileId, "profileId");
    Check.id(lessonId, "lessonId");
    return read(h -> h.createQuery(sql.findPersonalization).bind("profileId", profileId).bind("lessonId", lessonId)
        .map((rs, ctx) -> personalization(rs)).findOne());
  }

  @Override
  public List<Personalization> personalizations(UUID profileId) {
    Check.id(profileId, "profileId");
    return read(h -> h.createQuery(sql.listPersonalizationsOfProfile).bind("profileId", profileId)
        .map((rs, ctx) -> personalization(rs)).list());
  }

  @Override
  public Personalization upsertPersonalization(Personalization p) {
    Check.required(p, "personalization");
    return write(h -> upsertBatch(h, List.of(p)).get(0));
  }

  @Override
  public List<Personalization> savePersonalizations(UUID profileId, @Nullable Profile basedOn, List<Personalization> batch,
      boolean keepEdited) {
    Check.id(profileId, "profileId");
    List<Personalization> items = List.copyOf(Check.required(batch, "batch"));
    checkBatch(profileId, items);
    return write(h -> {
      Optional<Profile> current = h.createQuery(sql.lockProfile).bind("id", profileId)
          .map((rs, ctx) -> profile(rs)).findOne();
      if (current.isEmpty()) {
        throw new MissingReferenceException("profile " + profileId + " does not exist", null);
      }
      if (basedOn != null && (!Objects.equals(current.get().name(), basedOn.name())
          || !current.get().survey().equals(basedOn.survey()))) {
        throw new ConcurrentUpdateException("profile " + profileId + " changed since generation started");
      }
      if (items.isEmpty()) {
        return List.<Personalization>of();
      }
      if (!keepEdited || items.stream().allMatch(p -> p.status() == PersonalizationStatus.EDITED)) {
        return upsertBatch(h, items);
      }
      // Rows the host edited are skipped by the statement itself, row by row; read them back.
      Map<UUID, Personalization> written = new HashMap<>();
      bindBatch(h.prepareBatch(sql.upsertPersonalizationKeepingEdited), items).executePreparedBatch()
          .map((rs, ctx) -> personalization(rs)).forEach(p -> written.put(p.lessonId(), p));
      List<Personalization> out = new ArrayList<>();
      for (Personalization p : items) {
        Personalization w = written.get(p.lessonId());
        out.add(w != null ? w : h.createQuery(sql.findPersonalization).bind("profileId", profileId)
            .bind("lessonId", p.lessonId()).map((rs, ctx) -> personalization(rs)).one());
      }
      return out;
    });
  }

  @Override
  public void replacePersonalizations(UUID profileId, List<Personalization> set) {
    Check.id(profileId, "profileId");
    List<Personalization> items = List.copyOf(Check.required(set, "personalizations"));
    checkBatch(profileId, items);
    write(h -> {
      // A non-empty set proves the profile exists through its foreign key; an empty one must ask.
      if (items.isEmpty()
          && h.createQuery(sql.findProfileById).bind("id", profileId).map((rs, ctx) -> 1).findOne().isEmpty()) {
        throw new MissingReferenceException("profile " + profileId + " does not exist", null);
      }
      h.createUpdate(sql.deletePersonalizationsNotIn).bind("profileId", profileId)
          .bindArray("keep", UUID.class, items.stream().map(Personalization::lessonId).toList()).execute();
      if (!items.isEmpty()) {
        bindBatch(h.prepareBatch(sql.upsertPersonalizationQuietly), items).execute();
      }
      return null;
    });
  }

  @Override
  public boolean deletePersonalization(UUID profileId, UUID lessonId) {
    Check.id(profileId, "profileId");
    Check.id(lessonId, "lessonId");
    return write(h -> h.createUpdate(sql.deletePersonalization).bind("profileId", profileId)
        .bind("lessonId", lessonId).execute() > 0);
  }

  @Override
  public Optional<PersonalizedCourse> personalizedCourse(String userIdentifier, String courseSlug) {
    Check.required(userIdentifier, "userIdentifier");
    Check.required(courseSlug, "courseSlug");
    return read(h -> h.createQuery(sql.personalizedCourse).bind("user", userIdentifier)
        .bind("courseSlug", courseSlug)
        .scanResultSet((supplier, ctx) -> {
          ResultSet rs = supplier.get();
          Profile profile = null;
          Course course = null;
          List<PersonalizedLesson> lines = new ArrayList<>();
          while (rs.next()) {
            if (profile == null) {
              profile = profile(rs);
              course = course(rs);
            }
            UUID lessonId = rs.getObject("l_id", UUID.class);
            if (lessonId != null) {
              Personalization p = rs.getObject("d_id", UUID.class) == null ? null : personalization(rs);
              lines.add(new PersonalizedLesson(lessonId, rs.getInt("l_number"), rs.getString("l_title"),
                  rs.getString("l_summary"), p));
            }
          }
          return profile == null || course == null ? Optional.<PersonalizedCourse>empty()
              : Optional.of(new PersonalizedCourse(profile, course, lines));
        }));
  }

  // ---------------------------------------------------------------- machinery

  private List<Personalization> upsertBatch(Handle h, List<Personalization> items) {
    return bindBatch(h.prepareBatch(sql.upsertPersonalization), items).executePreparedBatch()
        .map((rs, ctx) -> personalization(rs)).list();
  }

  private static PreparedBatch bindBatch(PreparedBatch batch, List<Personalization> items) {
    for (Personalization p : items) {
      Provenance prov = p.provenance();
      TokenUsage usage = prov == null ? TokenUsage.ZERO : prov.usage();
      batch.bind("id", p.id()).bind("profileId", p.profileId()).bind("lessonId", p.lessonId())
          .bind("content", p.content().toJson().toJson()).bind("status", p.status().code())
          .bind("fingerprint", prov == null ? null : prov.fingerprint())
          .bind("model", prov == null ? null : prov.model())
          .bind("promptVersion", prov == null ? null : prov.promptVersion())
          .bind("promptTokens", usage.promptTokens()).bind("cachedPromptTokens", usage.cachedPromptTokens())
          .bind("completionTokens", usage.completionTokens())
          .add();
    }
    return batch;
  }

  private static void checkBatch(UUID profileId, List<Personalization> items) {
    Set<UUID> lessons = new HashSet<>();
    for (Personalization p : items) {
      if (p == null) {
        throw ValidationException.of("batch", "must not contain null");
      }
      if (!p.profileId().equals(profileId)) {
        throw new MissingReferenceException("a batch item belongs to profile " + p.profileId() + ", not " + profileId, null);
      }
      if (!lessons.add(p.lessonId())) {
        throw new DuplicateKeyException("the batch has lesson " + p.lessonId() + " twice", null);
      }
    }
  }

  @Override
  public <T> T inTransaction(Function<PersonaStore, T> work) {
    Check.required(work, "work");
    if (bound != null) {
      return work.apply(this);
    }
    try {
      return jdbi.inTransaction(h -> {
        T result = work.apply(new JdbiPersonaStore(this, h));
        Consumer<Handle> hook = beforeCommit;
        if (hook != null) {
          hook.accept(h);
        }
        return result;
      });
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e);
    }
  }

  private <T> T read(HandleCallback<T, RuntimeException> body) {
    Handle open = bound;
    try {
      return open != null ? body.withHandle(open) : jdbi.withHandle(body);
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e);
    }
  }

  private <T> T write(HandleCallback<T, RuntimeException> body) {
    Handle open = bound;
    if (open != null) {
      try {
        return body.withHandle(open);
      } catch (RuntimeException e) {
        throw SqlErrors.translate(e);
      }
    }
    try {
      // PostgreSQL's default isolation, READ COMMITTED, is what every operation here needs; naming it
      // would make Jdbi read and reset the level on every transaction, two extra round trips.
      return jdbi.inTransaction(h -> {
        T result = body.withHandle(h);
        Consumer<Handle> hook = beforeCommit;
        if (hook != null) {
          hook.accept(h);
        }
        return result;
      });
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e);
    }
  }

  private static UUID uuid(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, UUID.class);
  }

  private static JsonValue json(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    return text == null ? JsonValue.emptyObject() : JsonValue.parse(text);
  }

  private static PersonalizedContent content(@Nullable String json) {
    return json == null ? PersonalizedContent.of("", "", "", "", "") : PersonalizedContent.readJson(json);
  }

  private static Course course(ResultSet rs) throws SQLException {
    return new Course(uuid(rs, "c_id"), rs.getString("c_slug"), rs.getString("c_title"), rs.getString("c_description"));
  }

  private static Lesson lesson(ResultSet rs) throws SQLException {
    Lesson l = new Lesson(uuid(rs, "l_id"), uuid(rs, "l_course_id"), rs.getInt("l_number"), rs.getString("l_title"),
        rs.getString("l_summary"), json(rs, "l_content"), rs.getString("l_external_id"));
    String column = rs.getString("l_transcription");
    // The original system left some transcripts only in its transcription column (its migration 004).
    return l.transcript().isEmpty() && column != null && !column.isBlank() ? l.withTranscript(column) : l;
  }

  private static Profile profile(ResultSet rs) throws SQLException {
    String survey = rs.getString("p_survey");
    return new Profile(uuid(rs, "p_id"), rs.getString("p_user"), rs.getString("p_name"),
        rs.getString("p_course_slug"), survey == null ? Survey.empty() : Survey.parse(survey));
  }

  private static Personalization personalization(ResultSet rs) throws SQLException {
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

  /** The statements with the schema filled in, built once. */
  private static final class Statements {
    final String upsertCourse;
    final String findCourseBySlug;
    final String findCourseById;
    final String listCourses;
    final String deleteCourse;
    final String upsertLesson;
    final String findLesson;
    final String listLessonsOfCourse;
    final String deleteLesson;
    final String upsertLessonDescription;
    final String findLessonDescription;
    final String upsertLessonAsset;
    final String listLessonAssets;
    final String upsertProfile;
    final String findProfile;
    final String findProfileById;
    final String lockProfile;
    final String listProfilesOfCourse;
    final String deleteProfile;
    final String upsertPersonalization;
    final String upsertPersonalizationQuietly;
    final String upsertPersonalizationKeepingEdited;
    final String findPersonalization;
    final String listPersonalizationsOfProfile;
    final String deletePersonalization;
    final String deletePersonalizationsNotIn;
    final String personalizedCourse;

    Statements(String s) {
      upsertCourse = Sql.inSchema(Sql.UPSERT_COURSE, s);
      findCourseBySlug = Sql.inSchema(Sql.FIND_COURSE_BY_SLUG, s);
      findCourseById = Sql.inSchema(Sql.FIND_COURSE_BY_ID, s);
      listCourses = Sql.inSchema(Sql.LIST_COURSES, s);
      deleteCourse = Sql.inSchema(Sql.DELETE_COURSE, s);
      upsertLesson = Sql.inSchema(Sql.UPSERT_LESSON, s);
      findLesson = Sql.inSchema(Sql.FIND_LESSON, s);
      listLessonsOfCourse = Sql.inSchema(Sql.LIST_LESSONS_OF_COURSE, s);
      deleteLesson = Sql.inSchema(Sql.DELETE_LESSON, s);
      upsertLessonDescription = Sql.inSchema(Sql.UPSERT_LESSON_DESCRIPTION, s);
      findLessonDescription = Sql.inSchema(Sql.FIND_LESSON_DESCRIPTION, s);
      upsertLessonAsset = Sql.inSchema(Sql.UPSERT_LESSON_ASSET, s);
      listLessonAssets = Sql.inSchema(Sql.LIST_LESSON_ASSETS, s);
      upsertProfile = Sql.inSchema(Sql.UPSERT_PROFILE, s);
      findProfile = Sql.inSchema(Sql.FIND_PROFILE, s);
      findProfileById = Sql.inSchema(Sql.FIND_PROFILE_BY_ID, s);
      lockProfile = Sql.inSchema(Sql.LOCK_PROFILE, s);
      listProfilesOfCourse = Sql.inSchema(Sql.LIST_PROFILES_OF_COURSE, s);
      deleteProfile = Sql.inSchema(Sql.DELETE_PROFILE, s);
      upsertPersonalization = Sql.inSchema(Sql.UPSERT_PERSONALIZATION, s);
      upsertPersonalizationQuietly = Sql.inSchema(Sql.UPSERT_PERSONALIZATION_QUIETLY, s);
      upsertPersonalizationKeepingEdited = Sql.inSchema(Sql.UPSERT_PERSONALIZATION_KEEPING_EDITED, s);
      findPersonalization = Sql.inSchema(Sql.FIND_PERSONALIZATION, s);
      listPersonalizationsOfProfile = Sql.inSchema(Sql.LIST_PERSONALIZATIONS_OF_PROFILE, s);
      deletePersonalization = Sql.inSchema(Sql.DELETE_PERSONALIZATION, s);
      deletePersonalizationsNotIn = Sql.inSchema(Sql.DELETE_PERSONALIZATIONS_NOT_IN, s);
      personalizedCourse = Sql.inSchema(Sql.PERSONALIZED_COURSE, s);
    }
  }
}

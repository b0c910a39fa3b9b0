package dev.persona.jdbc;

import dev.persona.ValidationException;
import dev.persona.internal.Check;
import dev.persona.llm.TokenUsage;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.LessonAsset;
import dev.persona.model.LessonDescription;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.PersonalizedCourse;
import dev.persona.model.PersonalizedLesson;
import dev.persona.model.Profile;
import dev.persona.model.Provenance;
import dev.persona.store.Adoption;
import dev.persona.store.CourseInUseException;
import dev.persona.store.LearnerSet;
import dev.persona.store.MissingReferenceException;
import dev.persona.store.PersonaStore;
import dev.persona.store.SetResult;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PersonaStore} on PostgreSQL, with Jdbi. Run {@link PersonaMigrations#migrate} on the
 * same database and schema first.
 *
 * <ul>
 *   <li>JSON columns are JSONB; Persona's types bind and map through a Jdbi plugin.
 *   <li>{@link #personalizedCourse} is one SQL statement, one round trip.
 *   <li>{@link #saveLearnerSets} is one transaction for any number of learners: their profile rows
 *       are locked in id order ({@code FOR NO KEY UPDATE}) and compared, the lessons are locked
 *       against deletion, and every row is written by one statement over arrays.
 *   <li>Upserts use {@code ON CONFLICT}, so concurrent writers of the same key never see an error;
 *       a transaction that loses a deadlock or a serialization race is retried (up to three times).
 *   <li>SQL errors become {@link dev.persona.store.DuplicateKeyException}, {@link MissingReferenceException} or
 *       {@link dev.persona.store.StoreUnavailableException}; messages name constraints, never
 *       values, and never carry PostgreSQL's row details (which would include survey text).
 * </ul>
 *
 * <p>It uses whatever pooling the {@link DataSource} provides; use a pool (HikariCP or your
 * container's) in production.
 */
public final class JdbiPersonaStore implements PersonaStore {

  private static final Logger LOG = LoggerFactory.getLogger("dev.persona.jdbc");
  private static final int ATTEMPTS = 3;

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
    jdbi.installPlugin(new PersonaJdbiPlugin());
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
    Check.key(slug, "slug");
    return read(h -> h.createQuery(sql.findCourseBySlug).bind("slug", slug).mapTo(Course.class).findOne());
  }

  @Override
  public Optional<Course> findCourse(UUID courseId) {
    Check.id(courseId, "courseId");
    return read(h -> h.createQuery(sql.findCourseById).bind("id", courseId).mapTo(Course.class).findOne());
  }

  @Override
  public List<Course> courses() {
    return read(h -> h.createQuery(sql.listCourses).mapTo(Course.class).list());
  }

  @Override
  public boolean deleteCourse(UUID courseId) {
    Check.id(courseId, "courseId");
    return write(h -> {
      Optional<Map.Entry<String, Long>> course = h.createQuery(sql.lockCourseCountingProfiles).bind("id", courseId)
          .map((rs, ctx) -> Map.entry(rs.getString("slug"), rs.getLong("learners"))).findOne();
      if (course.isEmpty()) {
        return false;
      }
      if (course.get().getValue() > 0) {
        throw new CourseInUseException(course.get().getKey(), course.get().getValue());
      }
      return h.createUpdate(sql.deleteCourse).bind("id", courseId).execute() > 0;
    });
  }

  // ---------------------------------------------------------------- lessons

  @Override
  public void saveLesson(Lesson l) {
    Check.required(l, "lesson");
    write(h -> h.createUpdate(sql.upsertLesson).bind("id", l.id()).bind("courseId", l.courseId())
        .bind("number", l.number()).bind("title", l.title()).bind("summary", l.summary())
        .bind("content", l.content()).bind("externalId", l.externalId()).execute());
  }

  @Override
  public Optional<Lesson> findLesson(UUID lessonId) {
    Check.id(lessonId, "lessonId");
    return read(h -> h.createQuery(sql.findLesson).bind("id", lessonId).mapTo(Lesson.class).findOne());
  }

  @Override
  public List<Lesson> lessons(UUID courseId) {
    Check.id(courseId, "courseId");
    return read(h -> h.createQuery(sql.listLessonsOfCourse).bind("courseId", courseId).mapTo(Lesson.class).list());
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
        .bind("lessonId", d.lessonId()).bind("data", d.data()).execute());
  }

  @Override
  public Optional<LessonDescription> findLessonDescription(UUID lessonId) {
    Check.id(lessonId, "lessonId");
    return read(h -> h.createQuery(sql.findLessonDescription).bind("lessonId", lessonId)
        .mapTo(LessonDescription.class).findOne());
  }

  @Override
  public void saveLessonAsset(LessonAsset a) {
    Check.required(a, "asset");
    write(h -> h.createUpdate(sql.upsertLessonAsset).bind("id", a.id()).bind("lessonId", a.lessonId())
        .bind("assetType", a.assetType()).bind("url", a.url()).bind("metadata", a.metadata()).execute());
  }

  @Override
  public List<LessonAsset> lessonAssets(UUID lessonId) {
    Check.id(lessonId, "lessonId");
    return read(h -> h.createQuery(sql.listLessonAssets).bind("lessonId", lessonId).mapTo(LessonAsset.class).list());
  }

  // ---------------------------------------------------------------- profiles

  @Override
  public Profile saveProfile(Profile p) {
    Check.required(p, "profile");
    return write(h -> h.createQuery(sql.upsertProfile).bind("id", p.id()).bind("user", p.userIdentifier())
        .bind("name", p.name()).bind("courseSlug", p.courseSlug()).bind("survey", p.survey())
        .mapTo(Profile.class).one());
  }

  @Override
  public Optional<Profile> findProfile(String userIdentifier, String courseSlug) {
    Check.key(userIdentifier, "userIdentifier");
    Check.key(courseSlug, "courseSlug");
    return read(h -> h.createQuery(sql.findProfile).bind("user", userIdentifier).bind("courseSlug", courseSlug)
        .mapTo(Profile.class).findOne());
  }

  @Override
  public Optional<Profile> findProfile(UUID profileId) {
    Check.id(profileId, "profileId");
    return read(h -> h.createQuery(sql.findProfileById).bind("id", profileId).mapTo(Profile.class).findOne());
  }

  @Override
  public List<Profile> profiles(String courseSlug, @Nullable String afterUser, int limit) {
    Check.key(courseSlug, "courseSlug");
    if (afterUser != null) {
      Check.key(afterUser, "afterUser");
    }
    if (limit < 1 || limit > MAX_PAGE) {
      throw ValidationException.of("limit", "must be between 1 and " + MAX_PAGE);
    }
    return read(h -> (afterUser == null
        ? h.createQuery(sql.pageProfilesOfCourse)
        : h.createQuery(sql.pageProfilesOfCourseAfter).bind("after", afterUser))
        .bind("courseSlug", courseSlug).bind("limit", limit).mapTo(Profile.class).list());
  }

  @Override
  public long countProfiles(String courseSlug) {
    Check.key(courseSlug, "courseSlug");
    return read(h -> h.createQuery(sql.countProfilesOfCourse).bind("courseSlug", courseSlug).mapTo(Long.class).one());
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
        .mapTo(Personalization.class).findOne());
  }

  @Override
  public List<Personalization> personalizations(UUID profileId) {
    Check.id(profileId, "profileId");
    return read(h -> h.createQuery(sql.listPersonalizationsOfProfile).bind("profileId", profileId)
        .mapTo(Personalization.class).list());
  }

  @Override
  public Personalization savePersonalization(Personalization p) {
    Check.required(p, "personalization");
    return write(h -> writeOne(h, p, true));
  }

  @Override
  public Personalization replacePersonalization(Personalization p) {
    Check.required(p, "personalization");
    return write(h -> writeOne(h, p, false));
  }

  private Personalization writeOne(Handle h, Personalization p, boolean keepExtras) {
    // the profile's lock orders this write with every set written for the learner
    if (h.createQuery(sql.lockProfiles).bindArray("ids", UUID.class, List.of(p.profileId()))
        .mapTo(Profile.class).findOne().isEmpty()) {
      throw new MissingReferenceException("profile " + p.profileId() + " does not exist", null);
    }
    PersonalizedContent content = p.content();
    if (keepExtras) {
      Optional<Personalization> old = h.createQuery(sql.findPersonalization).bind("profileId", p.profileId())
          .bind("lessonId", p.lessonId()).mapTo(Personalization.class).findOne();
      if (old.isPresent()) {
        content = content.keepingExtrasOf(old.get().content());
      }
    }
    Provenance prov = p.provenance();
    TokenUsage usage = prov == null ? TokenUsage.ZERO : prov.usage();
    return h.createQuery(sql.upsertPersonalization).bind("id", p.id()).bind("profileId", p.profileId())
        .bind("lessonId", p.lessonId()).bind("content", content).bind("status", p.status())
        .bind("fingerprint", prov == null ? null : prov.fingerprint())
        .bind("model", prov == null ? null : prov.model())
        .bind("promptVersion", prov == null ? null : prov.promptVersion())
        .bind("promptTokens", usage.promptTokens()).bind("cachedPromptTokens", usage.cachedPromptTokens())
        .bind("completionTokens", usage.completionTokens())
        .mapTo(Personalization.class).one();
  }

  @Override
  public List<SetResult> saveLearnerSets(List<LearnerSet> sets) {
    List<LearnerSet> batch = LearnerSet.checkBatch(sets);
    if (batch.isEmpty()) {
      return List.of();
    }
    return write(h -> LearnerSetWriter.write(h, sql, batch));
  }

  @Override
  public int adoptPersonalizations(List<Adoption> adoptions) {
    List<Adoption> all = List.copyOf(Check.required(adoptions, "adoptions"));
    if (all.isEmpty()) {
      return 0;
    }
    return write(h -> h.createUpdate(sql.adoptPersonalizations)
        .bindArray("profileIds", UUID.class, all.stream().map(Adoption::profileId).toList())
        .bindArray("lessonIds", UUID.class, all.stream().map(Adoption::lessonId).toList())
        .bindArray("fingerprints", String.class, all.stream().map(a -> a.provenance().fingerprint()).toList())
        .bindArray("models", String.class, all.stream().map(a -> a.provenance().model()).toList())
        .bindArray("promptVersions", String.class, all.stream().map(a -> a.provenance().promptVersion()).toList())
        .execute());
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
    Check.key(userIdentifier, "userIdentifier");
    Check.key(courseSlug, "courseSlug");
    return read(h -> h.createQuery(sql.personalizedCourse).bind("user", userIdentifier)
        .bind("courseSlug", courseSlug)
        .scanResultSet((supplier, ctx) -> {
          ResultSet rs = supplier.get();
          Profile profile = null;
          Course course = null;
          List<PersonalizedLesson> lines = new ArrayList<>();
          while (rs.next()) {
            if (profile == null) {
              profile = PersonaJdbiPlugin.profile(rs, ctx);
              course = PersonaJdbiPlugin.course(rs, ctx);
            }
            UUID lessonId = rs.getObject("l_id", UUID.class);
            if (lessonId != null) {
              Personalization p = rs.getObject("d_id", UUID.class) == null ? null
                  : PersonaJdbiPlugin.personalization(rs, ctx);
              lines.add(new PersonalizedLesson(lessonId, rs.getInt("l_number"), rs.getString("l_title"),
                  rs.getString("l_summary"), p));
            }
          }
          return profile == null || course == null ? Optional.<PersonalizedCourse>empty()
              : Optional.of(new PersonalizedCourse(profile, course, lines));
        }));
  }

  // ---------------------------------------------------------------- machinery

  @Override
  public <T> T inTransaction(Function<PersonaStore, T> work) {
    Check.required(work, "work");
    if (bound != null) {
      return work.apply(this);
    }
    return transaction(h -> work.apply(new JdbiPersonaStore(this, h)));
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
    return transaction(body);
  }

  /**
   * Runs a transaction, retrying it (at most {@value #ATTEMPTS} times in all) when PostgreSQL
   * aborts it as a deadlock victim or a serialization failure: it changed nothing, so running it
   * again is safe.
   */
  private <T> T transaction(HandleCallback<T, RuntimeException> body) {
    for (int attempt = 1; ; attempt++) {
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
        if (attempt < ATTEMPTS && SqlErrors.isTransient(e)) {
          LOG.warn("PostgreSQL aborted a transaction ({}, {}); it changed nothing and runs again (attempt {} of {})",
              SqlErrors.state(e), SqlErrors.state(e).equals("40P01") ? "deadlock" : "serialization failure",
              attempt + 1, ATTEMPTS);
          continue;
        }
        throw SqlErrors.translate(e);
      }
    }
  }
}

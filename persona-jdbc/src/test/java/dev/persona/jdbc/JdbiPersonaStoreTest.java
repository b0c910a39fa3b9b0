package dev.persona.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.ValidationException;
import dev.persona.llm.TokenUsage;
import dev.persona.model.Course;
import dev.persona.model.JsonValue;
import dev.persona.model.Lesson;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizationStatus;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.Profile;
import dev.persona.model.Provenance;
import dev.persona.model.Survey;
import dev.persona.store.DuplicateKeyException;
import dev.persona.store.MissingReferenceException;
import dev.persona.store.LearnerSet;
import dev.persona.store.SetResult;
import dev.persona.store.StoreUnavailableException;
import dev.persona.testkit.postgres.PostgresExtension;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/** What only PostgreSQL can show: killed connections, bytes on disk, round trips, error hygiene. */
final class JdbiPersonaStoreTest {

  @RegisterExtension static final PostgresExtension PG = PostgresExtension.withMigrations(PersonaMigrations::migrate);

  private static final String SECRET = "мой секретный ответ 🤫";

  private String schema;
  private JdbiPersonaStore store;
  private Course course;
  private List<Lesson> lessons;
  private Profile profile;

  @BeforeEach
  void setUp() {
    schema = PG.freshSchema();
    store = JdbiPersonaStore.create(PG.dataSource(), schema);
    course = Course.of("massage", "Массаж");
    store.saveCourse(course);
    lessons = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      Lesson l = Lesson.of(course.id(), i, "Тема " + i).withSummary("Описание " + i);
      store.saveLesson(l);
      lessons.add(l);
    }
    profile = store.saveProfile(Profile.of("u1", "massage", "Анна",
        Survey.builder().wowResult(SECRET).fears("harm_client").build()));
  }

  private Personalization generated(Profile p, Lesson l, String marker) {
    return new Personalization(UUID.randomUUID(), p.id(), l.id(),
        PersonalizedContent.of("Кратко " + marker, "Зачем " + marker, "Действие " + marker, "Поделиться " + marker,
            "Задание " + marker),
        PersonalizationStatus.GENERATED, new Provenance("p=1;m=m;s=s;l=l", "m", "1", new TokenUsage(10, 5, 5)), null);
  }

  private List<Personalization> set(String marker) {
    return set(profile, marker);
  }

  private List<Personalization> set(Profile p, String marker) {
    return lessons.stream().map(l -> generated(p, l, marker)).toList();
  }

  @Test
  void aConnectionKilledMidManyLearnerWrite_leavesEveryLearnersOldSetIntactAndReadable() {
    Profile second = store.saveProfile(Profile.of("u2", "massage", "Борис", Survey.builder().fears("harm_client").build()));
    store.saveLearnerSets(List.of(new LearnerSet(profile.id(), profile, set(profile, "old"), true),
        new LearnerSet(second.id(), second, set(second, "old"), true)));
    store.beforeCommit(handle -> {
      // every row is written inside the transaction; kill its backend before the commit
      int pid = handle.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one();
      PG.execute("SELECT pg_terminate_backend(" + pid + ")");
    });
    assertThatThrownBy(() -> store.saveLearnerSets(List.of(new LearnerSet(profile.id(), profile, set(profile, "new"), true),
        new LearnerSet(second.id(), second, set(second, "new"), true))))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("nothing was changed");
    store.beforeCommit(null);

    for (Profile p : List.of(profile, second)) {
      List<Personalization> after = store.personalizations(p.id());
      assertThat(after).hasSize(12);
      assertThat(after).allSatisfy(x -> assertThat(x.content().summaryShort()).isEqualTo("Кратко old"));
    }
    assertThat(store.personalizedCourse("u1", "massage").orElseThrow().personalizedCount()).isEqualTo(12);
  }

  @Test
  void aManyLearnerWrite_takesTheSameFewStatements_forAnyNumberOfLearners() {
    List<LearnerSet> sets = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Profile p = store.saveProfile(Profile.of("many-" + i, "massage", null, Survey.builder().fears("harm_client").build()));
      sets.add(new LearnerSet(p.id(), p, set(p, "x"), true));
    }
    AtomicInteger statements = new AtomicInteger();
    JdbiPersonaStore counted = JdbiPersonaStore.create(counting(PG.dataSource(), statements), schema);
    List<SetResult> results = counted.saveLearnerSets(sets);
    assertThat(results).allSatisfy(r -> assertThat(r.status()).isEqualTo(SetResult.Status.STORED));
    assertThat(results.stream().mapToInt(r -> r.personalizations().size()).sum()).isEqualTo(600);
    // lock profiles, lock lessons, read the rows being replaced, write every row
    assertThat(statements.get()).isLessThanOrEqualTo(4);
  }

  @Test
  void cyrillicAndEmoji_roundTripByteForByte() throws SQLException {
    String text = "Привет, Ёжик! 👋🏽 Домашнее задание: «растяжка» — 20 мин 🧘‍♀️ 𝄞 \u00a0end";
    PersonalizedContent c = new PersonalizedContent(text, text + "1", text + "2", text + "3", text + "4",
        Map.of("⚠️ Важно", JsonValue.parse("[\"" + text + "\"]")));
    store.savePersonalization(new Personalization(UUID.randomUUID(), profile.id(), lessons.get(0).id(), c,
        PersonalizationStatus.EDITED, null, null));

    PersonalizedContent back = store.findPersonalization(profile.id(), lessons.get(0).id()).orElseThrow().content();
    assertThat(back.summaryShort().getBytes(StandardCharsets.UTF_8)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    assertThat(back).isEqualTo(c);
    try (Connection conn = PG.dataSource().getConnection();
        PreparedStatement ps = conn.prepareStatement("SELECT content->>'summary_short' FROM " + schema
            + ".personalized_lesson_descriptions WHERE profile_id = ?")) {
      ps.setObject(1, profile.id());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getBytes(1)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void oversizedContent_isRefusedClearly_andTheLargestAllowedIsStored() throws SQLException {
    String megabyte = "я".repeat(1024 * 1024);
    assertThatThrownBy(() -> PersonalizedContent.of(megabyte, "b", "c", "d", "e"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("limit is " + PersonalizedContent.MAX_FIELD_LENGTH);

    String max = "я".repeat(PersonalizedContent.MAX_FIELD_LENGTH);
    PersonalizedContent largest = new PersonalizedContent(max, max, max, max, max,
        Map.of("blob", JsonValue.string("z".repeat(PersonalizedContent.MAX_EXTRAS_LENGTH - 100))));
    store.savePersonalization(Personalization.edited(profile.id(), lessons.get(1).id(), largest));
    assertThat(store.findPersonalization(profile.id(), lessons.get(1).id()).orElseThrow().content()).isEqualTo(largest);

    // Writers that bypass the records still meet the database's own 1 MiB limit.
    try (Connection conn = PG.dataSource().getConnection();
        PreparedStatement ps = conn.prepareStatement("INSERT INTO " + schema
            + ".personalized_lesson_descriptions (profile_id, lesson_id, content) VALUES (?, ?, ?::jsonb)")) {
      ps.setObject(1, profile.id());
      ps.setObject(2, lessons.get(2).id());
      ps.setString(3, "{\"summary_short\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}");
      assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23514"));
    }
  }

  @Test
  void aNulCharacter_isAValidationError_andNothingIsStored() {
    assertThatThrownBy(() -> store.savePersonalization(Personalization.edited(profile.id(), lessons.get(0).id(),
        PersonalizedContent.of("a\u0000b", "b", "c", "d", "e"))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("U+0000");
    assertThat(store.findPersonalization(profile.id(), lessons.get(0).id())).isEmpty();
  }

  @Test
  void errors_nameKeysButNeverCarrySurveyOrContentText() {
    Profile clash = new Profile(profile.id(), "someone-else", "Борис", "massage",
        Survey.builder().wowResult(SECRET).build());
    Throwable dup = org.assertj.core.api.Assertions.catchThrowable(() -> store.saveProfile(clash));
    assertThat(dup).isInstanceOf(DuplicateKeyException.class).hasMessageContaining("profiles_pkey");
    assertThatChainHasNo(dup, SECRET);

    Lesson ghost = Lesson.of(course.id(), 99, "Призрак");
    Personalization orphan = new Personalization(UUID.randomUUID(), profile.id(), ghost.id(),
        PersonalizedContent.of(SECRET, SECRET, SECRET, SECRET, SECRET), PersonalizationStatus.EDITED, null, null);
    Throwable missing = org.assertj.core.api.Assertions.catchThrowable(() -> store.savePersonalization(orphan));
    assertThat(missing).isInstanceOf(MissingReferenceException.class);
    assertThatChainHasNo(missing, SECRET);
  }

  private static void assertThatChainHasNo(Throwable t, String text) {
    for (Throwable x = t; x != null; x = x.getCause()) {
      assertThat(String.valueOf(x.getMessage())).doesNotContain(text).doesNotContain("Failing row");
      assertThat(x.toString()).doesNotContain(text);
    }
  }

  @Test
  void personalizedCourse_isOneSqlStatement() {
    store.saveLearnerSet(new LearnerSet(profile.id(), null, set("x"), false));
    AtomicInteger statements = new AtomicInteger();
    JdbiPersonaStore counted = JdbiPersonaStore.create(counting(PG.dataSource(), statements), schema);
    var pc = counted.personalizedCourse("u1", "massage").orElseThrow();
    assertThat(pc.lessons()).hasSize(12);
    assertThat(pc.personalizedCount()).isEqualTo(12);
    assertThat(statements.get()).isEqualTo(1);
  }

  @Test
  void anUnreachableDatabase_isStoreUnavailable() {
    PGSimpleDataSource nowhere = new PGSimpleDataSource();
    nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");
    JdbiPersonaStore down = JdbiPersonaStore.create(nowhere, "public");
    assertThatThrownBy(() -> down.findCourse("massage")).isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> down.saveCourse(Course.of("x", "y"))).isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void deletingACourseInSql_whileItHasLearners_isRefusedByTheDatabase_andLosesNoProfile() throws SQLException {
    store.saveLearnerSet(new LearnerSet(profile.id(), null, set("x"), false));
    try (Connection conn = PG.dataSource().getConnection(); Statement s = conn.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM " + schema + ".courses"))
          .isInstanceOf(SQLException.class).hasMessageContaining("profiles_course_slug_fkey");
    }
    assertThat(store.findProfile(profile.id())).isPresent();
    assertThat(store.personalizations(profile.id())).hasSize(12);
  }

  /** A data source whose connections count the statements they prepare or create. */
  static DataSource counting(DataSource target, AtomicInteger statements) {
    return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          Object result = method.invoke(target, args);
          if (method.getName().equals("getConnection")) {
            Connection real = (Connection) result;
            return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (p2, m2, a2) -> {
                  if (m2.getName().startsWith("prepare") || m2.getName().equals("createStatement")) {
                    statements.incrementAndGet();
                  }
                  try {
                    return m2.invoke(real, a2);
                  } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
          }
          return result;
        });
  }
}

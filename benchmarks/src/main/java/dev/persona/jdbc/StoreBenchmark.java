package dev.persona.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.persona.llm.TokenUsage;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizationStatus;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.Profile;
import dev.persona.model.Provenance;
import dev.persona.model.Survey;
import dev.persona.store.LearnerSet;
import dev.persona.testkit.postgres.PostgresExtension;
import java.io.StringReader;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * JdbiPersonaStore against plain JDBC on the same PostgreSQL, in the same process, each figure a
 * ratio of median times:
 *
 * <ol>
 *   <li>reading one learner's 12-lesson personalized course vs the same single query in plain JDBC
 *       (target at most 1.3x);
 *   <li>writing one learner's 12 personalizations ({@code saveLearnerSet}) vs the same four
 *       statements in plain JDBC (target at most 1.5x);
 *   <li>bulk writing 100,000 personalizations vs PostgreSQL {@code COPY}: one learner per call, and
 *       many learners per call ({@code saveLearnerSets}, goal at least 0.5x COPY's rows/s).
 * </ol>
 *
 * <p>PostgreSQL comes from {@code PERSONA_TEST_JDBC_URL} if set, else embedded. Lives in package
 * {@code dev.persona.jdbc} to run the store's own SQL text for the baseline.
 *
 * <pre>mvn -q -pl benchmarks -am compile exec:java -Dexec.mainClass=dev.persona.jdbc.StoreBenchmark</pre>
 *
 * Arguments: {@code [bulkRows=100000] [rounds=7]}.
 */
public final class StoreBenchmark {

  private static final int LESSONS = 12;

  private StoreBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args bulk rows, rounds
   * @throws Exception on database failure
   */
  public static void main(String[] args) throws Exception {
    int bulkRows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    PostgresExtension pg = PostgresExtension.withMigrations(PersonaMigrations::migrate);
    String schema = pg.freshSchema();
    HikariConfig config = new HikariConfig();
    config.setDataSource(pg.dataSource());
    config.setMaximumPoolSize(4);
    config.setPoolName("bench");
    try (HikariDataSource pool = new HikariDataSource(config)) {
      System.out.println("Store benchmark on PostgreSQL from " + pg.source() + ", schema " + schema);
      JdbiPersonaStore store = JdbiPersonaStore.create(pool, schema);
      Course course = Course.of("bench", "Курс");
      store.saveCourse(course);
      List<Lesson> lessons = new ArrayList<>();
      for (int i = 1; i <= LESSONS; i++) {
        Lesson l = Lesson.of(course.id(), i, "Тема " + i).withSummary("Описание темы " + i);
        store.saveLesson(l);
        lessons.add(l);
      }
      Profile learner = store.saveProfile(Profile.of("learner", "bench", "Анна", Survey.builder()
          .motivation("help_others", "additional_income").fears("harm_client").targetClients("офисные работники")
          .wowResult("первые клиенты").practiceModel("муж").build()));
      store.saveLearnerSet(new LearnerSet(learner.id(), learner, set(learner, lessons, "a"), true));

      read(pool, store, schema, rounds);
      replace(pool, store, schema, learner, lessons, rounds);
      bulk(pool, store, schema, course, lessons, bulkRows);
    }
  }

  private static void read(HikariDataSource pool, JdbiPersonaStore store, String schema, int rounds) throws SQLException {
    String sql = Sql.inSchema(Sql.PERSONALIZED_COURSE, "\"" + schema + "\"")
        .replaceFirst("(?<!:):user(?![A-Za-z])", "?").replaceFirst("(?<!:):courseSlug(?![A-Za-z])", "?");
    int ops = 2000;
    Runnable viaStore = () -> {
      if (store.personalizedCourse("learner", "bench").orElseThrow().lessons().size() != LESSONS) {
        throw new IllegalStateException("wrong course");
      }
    };
    Runnable viaJdbc = () -> {
      try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, "learner");
        ps.setString(2, "bench");
        int rows = 0;
        try (ResultSet rs = ps.executeQuery()) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              rs.getObject(i);
            }
            rows++;
          }
        }
        if (rows != LESSONS) {
          throw new IllegalStateException("wrong course");
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    };
    report("(a) read a 12-lesson personalized course", viaStore, viaJdbc, ops, rounds, 1.3);
  }

  private static void replace(HikariDataSource pool, JdbiPersonaStore store, String schema, Profile learner,
      List<Lesson> lessons, int rounds) {
    String q = "\"" + schema + "\"";
    String lockProfiles = Sql.inSchema(Sql.LOCK_PROFILES, q).replace(":ids", "?");
    String lockLessons = Sql.inSchema(Sql.LOCK_LESSONS, q).replace(":ids", "?");
    String old = Sql.inSchema(Sql.PERSONALIZATIONS_OF_PROFILES, q).replace(":profileIds", "?").replace(":lessonIds", "?");
    String upsert = Sql.inSchema(Sql.UPSERT_PERSONALIZATIONS, q);
    for (String name : new String[] {":ids", ":profileIds", ":lessonIds", ":contents", ":statuses", ":fingerprints",
        ":models", ":promptVersions", ":promptTokens", ":cachedPromptTokens", ":completionTokens"}) {
      upsert = upsert.replaceFirst("(?<!:)" + name + "(?![A-Za-z])", "?");
    }
    String upsertSql = upsert;
    List<Personalization> a = set(learner, lessons, "a");
    List<Personalization> b = set(learner, lessons, "b");
    int ops = 300;
    int[] flip = {0};
    Runnable viaStore = () -> store.saveLearnerSet(new LearnerSet(learner.id(), learner,
        (flip[0]++ & 1) == 0 ? a : b, true));
    Runnable viaJdbc = () -> {
      List<Personalization> items = (flip[0]++ & 1) == 0 ? a : b;
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        try (PreparedStatement p1 = c.prepareStatement(lockProfiles); PreparedStatement p2 = c.prepareStatement(lockLessons);
             PreparedStatement p3 = c.prepareStatement(old); PreparedStatement p4 = c.prepareStatement(upsertSql)) {
          Array profileIds = c.createArrayOf("uuid", new Object[] {learner.id()});
          Array lessonIds = c.createArrayOf("uuid", items.stream().map(Personalization::lessonId).toArray());
          p1.setArray(1, profileIds);
          drain(p1);
          p2.setArray(1, lessonIds);
          drain(p2);
          p3.setArray(1, profileIds);
          p3.setArray(2, lessonIds);
          drain(p3);
          bindArrays(c, p4, items);
          drain(p4);
          c.commit();
        } catch (SQLException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    };
    report("(b) write one learner's 12 personalizations", viaStore, viaJdbc, ops, rounds, 1.5);
  }

  private static void bulk(HikariDataSource pool, JdbiPersonaStore store, String schema, Course course,
      List<Lesson> lessons, int rows) throws SQLException {
    int learners = (rows + LESSONS - 1) / LESSONS;
    List<Profile> profiles = new ArrayList<>();
    for (int i = 0; i < learners; i++) {
      profiles.add(Profile.of("bulk-" + i, course.slug(), null, Survey.builder().wowResult("цель " + i).build()));
    }
    // profiles written with plain JDBC: this figure is about personalizations
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO \"" + schema + "\".profiles (id, user_identifier, course_slug, survey) VALUES (?, ?, ?, ?::jsonb)")) {
      for (Profile p : profiles) {
        ps.setObject(1, p.id());
        ps.setString(2, p.userIdentifier());
        ps.setString(3, p.courseSlug());
        ps.setString(4, p.survey().toJson().toJson());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    List<List<Personalization>> perLearner = new ArrayList<>();
    for (Profile p : profiles) {
      perLearner.add(set(p, lessons, "bulk"));
    }
    int total = learners * LESSONS;

    long t0 = System.nanoTime();
    for (int i = 0; i < learners; i++) {
      store.saveLearnerSet(new LearnerSet(profiles.get(i).id(), profiles.get(i), perLearner.get(i), true));
    }
    double oneSeconds = (System.nanoTime() - t0) / 1e9;
    execute(pool, "TRUNCATE \"" + schema + "\".personalized_lesson_descriptions");

    int page = 200;
    long tm = System.nanoTime();
    for (int from = 0; from < learners; from += page) {
      List<LearnerSet> sets = new ArrayList<>();
      for (int i = from; i < Math.min(learners, from + page); i++) {
        sets.add(new LearnerSet(profiles.get(i).id(), profiles.get(i), perLearner.get(i), true));
      }
      store.saveLearnerSets(sets);
    }
    double manySeconds = (System.nanoTime() - tm) / 1e9;

    execute(pool, "TRUNCATE \"" + schema + "\".personalized_lesson_descriptions");
    StringBuilder tsv = new StringBuilder();
    for (List<Personalization> batch : perLearner) {
      for (Personalization p : batch) {
        Provenance prov = Objects.requireNonNull(p.provenance());
        tsv.append(p.id()).append('\t').append(p.profileId()).append('\t').append(p.lessonId()).append('\t')
            .append(copyEscape(p.content().toJson().toJson())).append('\t').append(p.status().code()).append('\t')
            .append(prov.fingerprint()).append('\t').append(prov.model()).append('\t').append(prov.promptVersion())
            .append('\t').append(prov.usage().promptTokens()).append('\t').append(prov.usage().cachedPromptTokens())
            .append('\t').append(prov.usage().completionTokens()).append('\n');
      }
    }
    long t1 = System.nanoTime();
    long copied;
    try (Connection c = pool.getConnection()) {
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      copied = copy.copyIn("COPY \"" + schema + "\".personalized_lesson_descriptions (id, profile_id, lesson_id, content,"
          + " status, fingerprint, model, prompt_version, prompt_tokens, cached_prompt_tokens, completion_tokens)"
          + " FROM STDIN", new StringReader(tsv.toString()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    double copySeconds = (System.nanoTime() - t1) / 1e9;
    System.out.printf("(c) bulk write %d personalizations (%d learners x %d); COPY %.2f s (%.0f rows/s, %d rows)%n",
        total, learners, LESSONS, copySeconds, copied / copySeconds, copied);
    System.out.printf("    one learner per saveLearnerSet:      %.2f s (%.0f rows/s): %.2fx COPY's rows/s%n",
        oneSeconds, total / oneSeconds, copySeconds / oneSeconds);
    System.out.printf("    %d learners per saveLearnerSets:     %.2f s (%.0f rows/s): %.2fx COPY's rows/s (goal >= 0.5x)%n",
        page, manySeconds, total / manySeconds, copySeconds / manySeconds);
  }

  private static void report(String name, Runnable viaStore, Runnable viaJdbc, int ops, int rounds, double target) {
    for (int i = 0; i < ops; i++) {
      viaStore.run();
      viaJdbc.run();
    }
    double[] store = new double[rounds];
    double[] jdbc = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      jdbc[r] = perOp(viaJdbc, ops);
      store[r] = perOp(viaStore, ops);
    }
    double s = median(store);
    double j = median(jdbc);
    System.out.printf("%s: store %.1f us/op, plain JDBC %.1f us/op (median of %d rounds x %d ops):"
        + " ratio %.2fx (target <= %.1fx)%n", name, s, j, rounds, ops, s / j, target);
  }

  private static double perOp(Runnable op, int ops) {
    long t = System.nanoTime();
    for (int i = 0; i < ops; i++) {
      op.run();
    }
    return (System.nanoTime() - t) / 1e3 / ops;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  private static List<Personalization> set(Profile p, List<Lesson> lessons, String marker) {
    List<Personalization> out = new ArrayList<>();
    for (Lesson l : lessons) {
      out.add(new Personalization(UUID.randomUUID(), p.id(), l.id(), PersonalizedContent.of(
          "Анна, в этой теме вы научитесь снимать напряжение в шее бережно и без боли (" + marker + ").",
          "Вы хотите помогать офисным работникам. Здесь вы увидите приёмы разминания и поглаживания,"
              + " которые снимают напряжение, и поймёте, как следить за реакцией человека во время сеанса.",
          "Сразу после урока попросите мужа сесть ровно и найдите самую напряжённую мышцу.",
          "Учусь снимать напряжение в шее, и уже получается! #массаж",
          "Пять минут пересмотрите ключевой фрагмент, десять минут отработайте приём, пять минут запишите итог."),
          PersonalizationStatus.GENERATED,
          new Provenance("p=persona-ru-1/abc123;m=gpt-4o;s=0123456789abcdef;l=fedcba9876543210", "gpt-4o",
              "persona-ru-1", new TokenUsage(3000, 2048, 400)), null));
    }
    return out;
  }

  private static void bindArrays(Connection c, PreparedStatement up, List<Personalization> items) throws SQLException {
    int n = items.size();
    Object[][] columns = new Object[11][n];
    for (int i = 0; i < n; i++) {
      Personalization p = items.get(i);
      Provenance prov = Objects.requireNonNull(p.provenance());
      columns[0][i] = p.id();
      columns[1][i] = p.profileId();
      columns[2][i] = p.lessonId();
      columns[3][i] = p.content().toJson().toJson();
      columns[4][i] = p.status().code();
      columns[5][i] = prov.fingerprint();
      columns[6][i] = prov.model();
      columns[7][i] = prov.promptVersion();
      columns[8][i] = prov.usage().promptTokens();
      columns[9][i] = prov.usage().cachedPromptTokens();
      columns[10][i] = prov.usage().completionTokens();
    }
    String[] types = {"uuid", "uuid", "uuid", "varchar", "varchar", "varchar", "varchar", "varchar", "bigint", "bigint",
        "bigint"};
    for (int k = 0; k < 11; k++) {
      up.setArray(k + 1, c.createArrayOf(types[k], columns[k]));
    }
  }

  private static void drain(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          rs.getObject(i);
        }
      }
    }
  }

  private static String copyEscape(String s) {
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }

  private static void execute(HikariDataSource pool, String sql) throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}

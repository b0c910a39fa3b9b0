package dev.persona.jdbc;

/**
 * Every statement the store runs, one constant each, named for what it does. {@code ${schema}}
 * is replaced once, at construction, by a schema name checked against a strict identifier
 * pattern; every value is a bound parameter.
 */
final class Sql {

  private Sql() {}

  static final String UPSERT_COURSE = """
      INSERT INTO ${schema}.courses (id, slug, title, description)
      VALUES (:id, :slug, :title, :description)
      ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, title = excluded.title, description = excluded.description""";

  static final String COURSE_COLUMNS = "c.id AS c_id, c.slug AS c_slug, c.title AS c_title, c.description AS c_description";

  static final String FIND_COURSE_BY_SLUG =
      "SELECT " + COURSE_COLUMNS + " FROM ${schema}.courses c WHERE c.slug = :slug";

  static final String FIND_COURSE_BY_ID =
      "SELECT " + COURSE_COLUMNS + " FROM ${schema}.courses c WHERE c.id = :id";

  static final String LIST_COURSES = "SELECT " + COURSE_COLUMNS + " FROM ${schema}.courses c ORDER BY c.slug";

  static final String DELETE_COURSE = "DELETE FROM ${schema}.courses WHERE id = :id";

  /** The course row locked against concurrent profile inserts, with its learner count. */
  static final String LOCK_COURSE_COUNTING_PROFILES = """
      SELECT c.slug, (SELECT count(*) FROM ${schema}.profiles p WHERE p.course_slug = c.slug) AS learners
      FROM ${schema}.courses c WHERE c.id = :id FOR UPDATE""";

  static final String UPSERT_LESSON = """
      INSERT INTO ${schema}.lessons (id, course_id, lesson_number, title, summary, content, external_id)
      VALUES (:id, :courseId, :number, :title, :summary, :content, :externalId)
      ON CONFLICT (id) DO UPDATE SET course_id = excluded.course_id, lesson_number = excluded.lesson_number,
        title = excluded.title, summary = excluded.summary, content = excluded.content,
        external_id = excluded.external_id""";

  static final String LESSON_COLUMNS = "l.id AS l_id, l.course_id AS l_course_id, l.lesson_number AS l_number,"
      + " l.title AS l_title, l.summary AS l_summary, l.content::text AS l_content, l.external_id AS l_external_id,"
      + " l.transcription AS l_transcription";

  static final String FIND_LESSON = "SELECT " + LESSON_COLUMNS + " FROM ${schema}.lessons l WHERE l.id = :id";

  static final String LIST_LESSONS_OF_COURSE =
      "SELECT " + LESSON_COLUMNS + " FROM ${schema}.lessons l WHERE l.course_id = :courseId ORDER BY l.lesson_number";

  static final String DELETE_LESSON = "DELETE FROM ${schema}.lessons WHERE id = :id";

  static final String UPSERT_LESSON_DESCRIPTION = """
      INSERT INTO ${schema}.lesson_descriptions (id, lesson_id, data)
      VALUES (:id, :lessonId, :data)
      ON CONFLICT (lesson_id) DO UPDATE SET data = excluded.data""";

  static final String FIND_LESSON_DESCRIPTION =
      "SELECT id, lesson_id, data::text AS data FROM ${schema}.lesson_descriptions WHERE lesson_id = :lessonId";

  static final String UPSERT_LESSON_ASSET = """
      INSERT INTO ${schema}.lesson_assets (id, lesson_id, asset_type, url, metadata)
      VALUES (:id, :lessonId, :assetType, :url, :metadata)
      ON CONFLICT (id) DO UPDATE SET lesson_id = excluded.lesson_id, asset_type = excluded.asset_type,
        url = excluded.url, metadata = excluded.metadata""";

  static final String LIST_LESSON_ASSETS = """
      SELECT id, lesson_id, asset_type, url, metadata::text AS metadata FROM ${schema}.lesson_assets
      WHERE lesson_id = :lessonId ORDER BY created_at, id""";

  static final String PROFILE_COLUMNS = "p.id AS p_id, p.user_identifier AS p_user, p.name AS p_name,"
      + " p.course_slug AS p_course_slug, p.survey::text AS p_survey";

  static final String UPSERT_PROFILE = """
      INSERT INTO ${schema}.profiles AS p (id, user_identifier, name, course_slug, survey)
      VALUES (:id, :user, :name, :courseSlug, :survey)
      ON CONFLICT (user_identifier, course_slug) DO UPDATE SET name = excluded.name, survey = excluded.survey
      RETURNING""" + " " + PROFILE_COLUMNS;

  static final String FIND_PROFILE =
      "SELECT " + PROFILE_COLUMNS + " FROM ${schema}.profiles p WHERE p.user_identifier = :user AND p.course_slug = :courseSlug";

  static final String FIND_PROFILE_BY_ID = "SELECT " + PROFILE_COLUMNS + " FROM ${schema}.profiles p WHERE p.id = :id";

  /**
   * Locks learners' profile rows, in id order so concurrent writers never deadlock. NO KEY UPDATE
   * does not conflict with the KEY SHARE lock that inserting a personalization takes on its profile.
   */
  static final String LOCK_PROFILES = "SELECT " + PROFILE_COLUMNS
      + " FROM ${schema}.profiles p WHERE p.id = ANY(:ids) ORDER BY p.id FOR NO KEY UPDATE";

  /** Keeps lessons from being deleted while personalizations of them are written. */
  static final String LOCK_LESSONS = "SELECT id FROM ${schema}.lessons WHERE id = ANY(:ids) ORDER BY id FOR KEY SHARE";

  static final String PAGE_PROFILES_OF_COURSE = "SELECT " + PROFILE_COLUMNS
      + " FROM ${schema}.profiles p WHERE p.course_slug = :courseSlug ORDER BY p.user_identifier LIMIT :limit";

  static final String PAGE_PROFILES_OF_COURSE_AFTER = "SELECT " + PROFILE_COLUMNS
      + " FROM ${schema}.profiles p WHERE p.course_slug = :courseSlug AND p.user_identifier > :after"
      + " ORDER BY p.user_identifier LIMIT :limit";

  static final String COUNT_PROFILES_OF_COURSE = "SELECT count(*) FROM ${schema}.profiles WHERE course_slug = :courseSlug";

  static final String DELETE_PROFILE = "DELETE FROM ${schema}.profiles WHERE id = :id";

  static final String PERSONALIZATION_COLUMNS = "d.id AS d_id, d.profile_id AS d_profile_id, d.lesson_id AS d_lesson_id,"
      + " d.content::text AS d_content, d.status AS d_status, d.fingerprint AS d_fingerprint, d.model AS d_model,"
      + " d.prompt_version AS d_prompt_version, d.prompt_tokens AS d_prompt_tokens,"
      + " d.cached_prompt_tokens AS d_cached_prompt_tokens, d.completion_tokens AS d_completion_tokens,"
      + " d.updated_at AS d_updated_at";

  /** One row: inserted, or its content, status and provenance replaced; the row keeps its id. */
  static final String UPSERT_PERSONALIZATION = """
      INSERT INTO ${schema}.personalized_lesson_descriptions AS d
        (id, profile_id, lesson_id, content, status, fingerprint, model, prompt_version,
         prompt_tokens, cached_prompt_tokens, completion_tokens)
      VALUES (:id, :profileId, :lessonId, :content, :status, :fingerprint, :model, :promptVersion,
         :promptTokens, :cachedPromptTokens, :completionTokens)
      ON CONFLICT (profile_id, lesson_id) DO UPDATE SET content = excluded.content, status = excluded.status,
        fingerprint = excluded.fingerprint, model = excluded.model, prompt_version = excluded.prompt_version,
        prompt_tokens = excluded.prompt_tokens, cached_prompt_tokens = excluded.cached_prompt_tokens,
        completion_tokens = excluded.completion_tokens
      RETURNING""" + " " + PERSONALIZATION_COLUMNS;

  /** Many rows in one statement, from parallel arrays; the same upsert as {@link #UPSERT_PERSONALIZATION}. */
  static final String UPSERT_PERSONALIZATIONS = """
      INSERT INTO ${schema}.personalized_lesson_descriptions AS d
        (id, profile_id, lesson_id, content, status, fingerprint, model, prompt_version,
         prompt_tokens, cached_prompt_tokens, completion_tokens)
      SELECT * FROM unnest(:ids, :profileIds, :lessonIds, CAST(:contents AS jsonb[]), :statuses, :fingerprints,
         :models, :promptVersions, :promptTokens, :cachedPromptTokens, :completionTokens)
      ON CONFLICT (profile_id, lesson_id) DO UPDATE SET content = excluded.content, status = excluded.status,
        fingerprint = excluded.fingerprint, model = excluded.model, prompt_version = excluded.prompt_version,
        prompt_tokens = excluded.prompt_tokens, cached_prompt_tokens = excluded.cached_prompt_tokens,
        completion_tokens = excluded.completion_tokens
      RETURNING""" + " " + PERSONALIZATION_COLUMNS;

  /** The stored rows of some learners, for the lessons a write touches: read under the profiles' locks. */
  static final String PERSONALIZATIONS_OF_PROFILES = "SELECT " + PERSONALIZATION_COLUMNS
      + " FROM ${schema}.personalized_lesson_descriptions d WHERE d.profile_id = ANY(:profileIds)"
      + " AND d.lesson_id = ANY(:lessonIds)";

  /** Stamps provenance onto rows that have none, leaving their content alone. */
  static final String ADOPT_PERSONALIZATIONS = """
      UPDATE ${schema}.personalized_lesson_descriptions AS d
      SET fingerprint = a.fingerprint, model = a.model, prompt_version = a.prompt_version
      FROM unnest(:profileIds, :lessonIds, :fingerprints, :models, :promptVersions)
        AS a(profile_id, lesson_id, fingerprint, model, prompt_version)
      WHERE d.profile_id = a.profile_id AND d.lesson_id = a.lesson_id AND d.fingerprint IS NULL
        AND d.status = 'generated'""";

  static final String FIND_PERSONALIZATION = "SELECT " + PERSONALIZATION_COLUMNS
      + " FROM ${schema}.personalized_lesson_descriptions d WHERE d.profile_id = :profileId AND d.lesson_id = :lessonId";

  static final String LIST_PERSONALIZATIONS_OF_PROFILE = "SELECT " + PERSONALIZATION_COLUMNS
      + " FROM ${schema}.personalized_lesson_descriptions d WHERE d.profile_id = :profileId";

  static final String DELETE_PERSONALIZATION =
      "DELETE FROM ${schema}.personalized_lesson_descriptions WHERE profile_id = :profileId AND lesson_id = :lessonId";

  /** A learner's whole course in one round trip: profile, course, lessons and personalizations. */
  static final String PERSONALIZED_COURSE = "SELECT " + PROFILE_COLUMNS + ", " + COURSE_COLUMNS + ","
      + " l.id AS l_id, l.lesson_number AS l_number, l.title AS l_title, l.summary AS l_summary, "
      + PERSONALIZATION_COLUMNS + """

      FROM ${schema}.profiles p
      JOIN ${schema}.courses c ON c.slug = p.course_slug
      LEFT JOIN ${schema}.lessons l ON l.course_id = c.id
      LEFT JOIN ${schema}.personalized_lesson_descriptions d ON d.profile_id = p.id AND d.lesson_id = l.id
      WHERE p.user_identifier = :user AND p.course_slug = :courseSlug
      ORDER BY l.lesson_number""";

  static String inSchema(String sql, String quotedSchema) {
    return sql.replace("${schema}", quotedSchema);
  }
}

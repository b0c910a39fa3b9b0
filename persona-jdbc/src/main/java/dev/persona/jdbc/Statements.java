package dev.persona.jdbc;

/** The statements of {@link Sql} with one schema filled in, built once per store. */
final class Statements {
  final String upsertCourse;
  final String findCourseBySlug;
  final String findCourseById;
  final String listCourses;
  final String deleteCourse;
  final String lockCourseCountingProfiles;
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
  final String lockProfiles;
  final String lockLessons;
  final String pageProfilesOfCourse;
  final String pageProfilesOfCourseAfter;
  final String countProfilesOfCourse;
  final String deleteProfile;
  final String upsertPersonalization;
  final String upsertPersonalizations;
  final String personalizationsOfProfiles;
  final String adoptPersonalizations;
  final String findPersonalization;
  final String listPersonalizationsOfProfile;
  final String deletePersonalization;
  final String personalizedCourse;

  Statements(String s) {
    upsertCourse = Sql.inSchema(Sql.UPSERT_COURSE, s);
    findCourseBySlug = Sql.inSchema(Sql.FIND_COURSE_BY_SLUG, s);
    findCourseById = Sql.inSchema(Sql.FIND_COURSE_BY_ID, s);
    listCourses = Sql.inSchema(Sql.LIST_COURSES, s);
    deleteCourse = Sql.inSchema(Sql.DELETE_COURSE, s);
    lockCourseCountingProfiles = Sql.inSchema(Sql.LOCK_COURSE_COUNTING_PROFILES, s);
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
    lockProfiles = Sql.inSchema(Sql.LOCK_PROFILES, s);
    lockLessons = Sql.inSchema(Sql.LOCK_LESSONS, s);
    pageProfilesOfCourse = Sql.inSchema(Sql.PAGE_PROFILES_OF_COURSE, s);
    pageProfilesOfCourseAfter = Sql.inSchema(Sql.PAGE_PROFILES_OF_COURSE_AFTER, s);
    countProfilesOfCourse = Sql.inSchema(Sql.COUNT_PROFILES_OF_COURSE, s);
    deleteProfile = Sql.inSchema(Sql.DELETE_PROFILE, s);
    upsertPersonalization = Sql.inSchema(Sql.UPSERT_PERSONALIZATION, s);
    upsertPersonalizations = Sql.inSchema(Sql.UPSERT_PERSONALIZATIONS, s);
    personalizationsOfProfiles = Sql.inSchema(Sql.PERSONALIZATIONS_OF_PROFILES, s);
    adoptPersonalizations = Sql.inSchema(Sql.ADOPT_PERSONALIZATIONS, s);
    findPersonalization = Sql.inSchema(Sql.FIND_PERSONALIZATION, s);
    listPersonalizationsOfProfile = Sql.inSchema(Sql.LIST_PERSONALIZATIONS_OF_PROFILE, s);
    deletePersonalization = Sql.inSchema(Sql.DELETE_PERSONALIZATION, s);
    personalizedCourse = Sql.inSchema(Sql.PERSONALIZED_COURSE, s);
  }
}

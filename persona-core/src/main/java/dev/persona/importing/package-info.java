/**
 * Course import: {@link dev.persona.importing.CourseImporter} brings a course's lessons in from a
 * {@link dev.persona.importing.CourseDocument}, idempotently, in one transaction, keeping every
 * lesson's identity (and so its personalizations) across renumbering.
 */
@NullMarked
package dev.persona.importing;

import org.jspecify.annotations.NullMarked;

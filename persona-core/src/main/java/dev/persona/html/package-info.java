/**
 * {@link dev.persona.html.LessonBlockHtml}: a learner's lesson as an HTML fragment for a course
 * page, every value escaped.
 */
@NullMarked
package dev.persona.html;

import org.jspecify.annotations.NullMarked;

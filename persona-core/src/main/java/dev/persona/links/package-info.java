/**
 * Signed links to a learner's lesson block: {@link dev.persona.links.LessonLinkSigner} signs them
 * where the host renders its pages and verifies them where the block is served, so that only pages
 * the host rendered can show a learner's data or cause a provider call.
 */
@NullMarked
package dev.persona.links;

import org.jspecify.annotations.NullMarked;

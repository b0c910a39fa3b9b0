/**
 * Course runs as durable jobs shared by every application node: {@link dev.persona.jobs.CourseRuns}
 * starts, watches and cancels them, {@link dev.persona.jobs.PostgresRateGate} is a rate limit all
 * nodes share, and {@link dev.persona.jobs.PriceTable} with {@link dev.persona.jobs.Budget} says
 * what a run costs and where it stops.
 */
@NullMarked
package dev.persona.jobs;

import org.jspecify.annotations.NullMarked;

/**
 * Operator tools for journals on disk, run through scripts/ with the project's JVM options.
 */
package io.anthill.journal.tool;

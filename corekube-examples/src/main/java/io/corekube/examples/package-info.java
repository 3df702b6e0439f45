/** Runnable examples of Corekube and its benchmarks; each class with a {@code main} says what it shows. */
package io.corekube.examples;

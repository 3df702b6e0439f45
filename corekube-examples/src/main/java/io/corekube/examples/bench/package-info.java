/**
 * The deployment benchmarks' parts: the original Overlord's algorithm as a baseline, a measured engine run, and
 * the one table both benchmarks print.
 */
package io.corekube.examples.bench;

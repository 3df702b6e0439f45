/**
 * Contract suites for the engine's ports: abstract JUnit 5 classes that any implementation (Corekube's own, or
 * a user's) extends to prove it behaves as the engine expects.
 */
package io.corekube.testing.contract;

// SPDX-License-Identifier: Apache-2.0
/**
 * Conformance suites runnable against any server by host and port: each check names the RFC
 * section it enforces, and a report lists which passed. Runnable from JUnit
 * ({@code @TestFactory}) and from the command line ({@link org.mailwire.testkit.conformance.Main}).
 */
package org.mailwire.testkit.conformance;

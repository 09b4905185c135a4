// SPDX-License-Identifier: Apache-2.0
/**
 * The in-memory store, for tests and demos: the same engine and rules as the durable store,
 * with content held as byte arrays and nothing written anywhere.
 */
package org.mailwire.store.memory;

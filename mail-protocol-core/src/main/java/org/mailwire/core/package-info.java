// SPDX-License-Identifier: Apache-2.0
/**
 * Values shared by every mailwire protocol module, such as {@link org.mailwire.core.Secret},
 * the holder of passwords and tokens that never prints its content.
 *
 * <p>Rules: types here are immutable values with no I/O, no threads and no clocks; anything that
 * holds credentials keeps them out of {@code toString()}, logs and exception messages.
 */
package org.mailwire.core;

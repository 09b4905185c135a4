// SPDX-License-Identifier: Apache-2.0
/**
 * Small stream utilities the protocol modules share, such as reading a byte range of a stored
 * message without holding it.
 */
package org.mailwire.core.io;

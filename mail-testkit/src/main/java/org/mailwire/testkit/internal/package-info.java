// SPDX-License-Identifier: Apache-2.0
/**
 * The kit's internals: TLS material for the embedded servers. Not exported.
 */
package org.mailwire.testkit.internal;

// SPDX-License-Identifier: Apache-2.0
/**
 * Internals of the server: TLS files (PEM, a self-signed certificate written in DER).
 */
package org.mailwire.server.internal;

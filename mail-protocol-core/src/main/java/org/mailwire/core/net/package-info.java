// SPDX-License-Identifier: Apache-2.0
/**
 * The NIO transport: event loops that drive {@link org.mailwire.core.protocol.ProtocolSession
 * sessions} over TCP, with TLS through {@link javax.net.ssl.SSLEngine}, timeouts, write
 * watermarks, connection limits and graceful shutdown. It knows no protocol.
 */
package org.mailwire.core.net;

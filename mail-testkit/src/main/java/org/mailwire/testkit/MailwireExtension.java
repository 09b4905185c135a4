// SPDX-License-Identifier: Apache-2.0
package org.mailwire.testkit;

import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link MailServerTest}: starts a {@link TestMailServer} before a
 * test class (from the class's {@link MailServerTest}, {@link MailUser} and {@link MxRecord}
 * annotations) and, for a method that carries any of those annotations itself, a fresh one for
 * that method from the class's and the method's annotations together. It stops them afterwards
 * and injects the nearest one into parameters of type {@link TestMailServer}.
 */
public final class MailwireExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MailwireExtension.class);
    private static final String KEY = "servers";

    /** Made by JUnit through {@code @ExtendWith}. */
    public MailwireExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Class<?> testClass = context.getRequiredTestClass();
        context.getStore(NAMESPACE).put(KEY, start(List.of(testClass)));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        AnnotatedElement method = context.getRequiredTestMethod();
        if (declaresServers(method)) {
            context.getStore(NAMESPACE).put(KEY, start(List.of(context.getRequiredTestClass(), method)));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestMailServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The store lookup climbs from the method's context to the class's.
        TestMailServer servers = context.getStore(NAMESPACE).get(KEY, TestMailServer.class);
        if (servers == null) {
            throw new ExtensionConfigurationException("no mail servers for " + context.getDisplayName()
                    + ": a TestMailServer parameter needs @MailServerTest on the class or method");
        }
        return servers;
    }

    private static boolean declaresServers(AnnotatedElement element) {
        return AnnotationSupport.isAnnotated(element, MailServerTest.class)
                || !AnnotationSupport.findRepeatableAnnotations(element, MailUser.class).isEmpty()
                || !AnnotationSupport.findRepeatableAnnotations(element, MxRecord.class).isEmpty();
    }

    /** Starts servers from the annotations of the elements, later ones adding to earlier ones. */
    private static TestMailServer start(List<AnnotatedElement> elements) throws IOException {
        TestMailServer.Builder builder = TestMailServer.builder();
        for (AnnotatedElement element : elements) {
            Optional<MailServerTest> settings = AnnotationSupport.findAnnotation(element, MailServerTest.class);
            if (settings.isPresent()) {
                builder.tls(settings.get().tls()).hostName(settings.get().hostName()).domains(settings.get().domains());
            }
            for (MailUser user : AnnotationSupport.findRepeatableAnnotations(element, MailUser.class)) {
                builder.user(user.name(), user.password());
            }
            for (MxRecord mx : AnnotationSupport.findRepeatableAnnotations(element, MxRecord.class)) {
                builder.mx(mx.domain(), mx.exchange(), mx.preference(), mx.address());
            }
        }
        return builder.start();
    }

    private static void close(ExtensionContext context) {
        TestMailServer servers = context.getStore(NAMESPACE).remove(KEY, TestMailServer.class);
        if (servers != null) {
            servers.close();
        }
    }
}

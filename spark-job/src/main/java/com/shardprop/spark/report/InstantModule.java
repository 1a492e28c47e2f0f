package com.shardprop.spark.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Writes {@link Instant} as an ISO-8601 string and reads it back.
 *
 * <p>Spark ships jackson-databind but not the jackson-datatype-jsr310 module, so this small
 * module stands in for it rather than adding a second Jackson artifact to the application jar.
 */
final class InstantModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    InstantModule() {
        super("ShardpropInstant");
        addSerializer(Instant.class, new StdScalarSerializer<>(Instant.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider)
                    throws IOException {
                generator.writeString(value.toString());
            }
        });
        addDeserializer(Instant.class, new StdScalarDeserializer<>(Instant.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                String text = parser.getValueAsString();
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException e) {
                    return (Instant) context.handleWeirdStringValue(Instant.class, text,
                            "expected an ISO-8601 instant such as 2026-01-31T12:00:00Z");
                }
            }
        });
    }
}

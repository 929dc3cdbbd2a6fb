package rfid.connect;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Gives a schemaless rfid event (a Map, from JsonConverter with schemas.enable=false) the fixed
 * schema of the contract's event JSON, as a Struct, so that Debezium's JDBC sink can write it.
 *
 * Why a Transformation of our own: the events on rfid_events are plain JSON without a schema
 * envelope, and the JDBC sink refuses records without a value schema. Apache Kafka 4.2 ships no
 * transformation that turns a Map into a Struct (Cast, HoistField, ReplaceField … keep a schemaless
 * value schemaless), nor do Debezium's own SMTs for non-Debezium records; a schema registry or a
 * schema-envelope copy of the topic would change the producer side. A small SMT with the schema is
 * what a data engineer writes in that case. It is compiled by the benchmark at run time
 * (bench/lib/kafka-connect.ts) against the Connect jars; its class files are never committed.
 *
 * event_id / ref_event_id carry Debezium's io.debezium.data.Uuid and event_ts its
 * io.debezium.time.ZonedTimestamp semantic names, so that the sink's PostgreSQL dialect binds them
 * as uuid and timestamptz (cast(? as uuid), cast(? as timestamptz)) into the seed's ledger table.
 * A missing required field, or a value that is not a JSON object, fails the record with a
 * DataException: with errors.tolerance=all that record goes to Connect's dead-letter topic.
 */
public final class RfidEventToStruct<R extends ConnectRecord<R>> implements Transformation<R> {
  private static final Schema UUID = SchemaBuilder.string().name("io.debezium.data.Uuid").version(1).build();
  private static final Schema OPTIONAL_UUID = SchemaBuilder.string().name("io.debezium.data.Uuid").version(1).optional().build();
  private static final Schema ZONED_TIMESTAMP = SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").version(1).build();

  static final Schema EVENT = SchemaBuilder.struct()
      .name("rfid.Event")
      .field("event_id", UUID)
      .field("event_ts", ZONED_TIMESTAMP)
      .field("event_type", Schema.STRING_SCHEMA)
      .field("sku", Schema.STRING_SCHEMA)
      .field("location", Schema.STRING_SCHEMA)
      .field("qty", Schema.INT32_SCHEMA)
      .field("device_id", Schema.OPTIONAL_STRING_SCHEMA)
      .field("ref_event_id", OPTIONAL_UUID)
      .build();

  @Override
  public R apply(R record) {
    if (record.value() == null) return record;
    if (!(record.value() instanceof Map<?, ?> event)) {
      throw new DataException("rfid event: expected a JSON object, got " + record.value().getClass().getSimpleName());
    }
    Struct value = new Struct(EVENT)
        .put("event_id", text(event, "event_id"))
        .put("event_ts", text(event, "event_ts"))
        .put("event_type", text(event, "event_type"))
        .put("sku", text(event, "sku"))
        .put("location", text(event, "location"))
        .put("qty", quantity(event))
        .put("device_id", optionalText(event, "device_id"))
        .put("ref_event_id", optionalText(event, "ref_event_id"));
    value.validate();
    return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), EVENT, value, record.timestamp());
  }

  private static String text(Map<?, ?> event, String field) {
    Object v = event.get(field);
    if (!(v instanceof String s)) throw new DataException("rfid event: " + field + " must be a string");
    return s;
  }

  private static String optionalText(Map<?, ?> event, String field) {
    Object v = event.get(field);
    return v == null ? null : text(event, field);
  }

  private static int quantity(Map<?, ?> event) {
    // Schemaless JsonConverter gives integral JSON numbers as Long.
    if (!(event.get("qty") instanceof Long q) || q < Integer.MIN_VALUE || q > Integer.MAX_VALUE) {
      throw new DataException("rfid event: qty must be a 32-bit integer");
    }
    return q.intValue();
  }

  @Override
  public ConfigDef config() {
    return new ConfigDef();
  }

  @Override
  public void configure(Map<String, ?> configs) {}

  @Override
  public void close() {}
}

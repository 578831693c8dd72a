package io.extguard.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.extguard.model.DatabaseReport;
import io.extguard.model.UpdateOutcome;
import io.extguard.model.Problem;
import io.extguard.model.PlanEntry;
import io.extguard.model.RunReport;
import io.extguard.model.Summary;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The whole report as JSON. The records are registered so the native image can serialise them. */
@RegisterForReflection(targets = {RunReport.class, Summary.class, DatabaseReport.class, PlanEntry.class, UpdateOutcome.class,
        Problem.class, io.extguard.model.ProblemCode.class, io.extguard.model.CandidateIdentity.class})
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static String render(RunReport report) {
        try {
            return MAPPER.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render the report as JSON", e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}

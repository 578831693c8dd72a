package io.extguard.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.extguard.apply.DatabaseReport;
import io.extguard.apply.UpdateOutcome;
import io.extguard.error.Problem;
import io.extguard.plan.PlanEntry;
import io.extguard.run.RunReport;
import io.extguard.run.Summary;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The whole report as JSON. The records are registered so the native image can serialise them. */
@RegisterForReflection(targets = {RunReport.class, Summary.class, DatabaseReport.class, PlanEntry.class, UpdateOutcome.class,
        Problem.class, io.extguard.error.ProblemCode.class, io.extguard.catalog.CandidateImage.Identity.class})
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

package org.gammavo.tap.domain;

import org.gammavo.adql.meta.Column;
import org.gammavo.adql.meta.ForeignKey;
import org.gammavo.adql.meta.Table;
import org.gammavo.adql.meta.TableSet;

import java.util.List;

/**
 * The tables this service publishes, declared once: the ADQL checker reads them, TAP_SCHEMA is generated
 * from them, and VOSI tables is written from them. Column metadata of ivoa.obscore follows ObsCore 1.1
 * (Table 6 / §4), ivoa.obscore_hea the IVOA note "ObsCore extension for High Energy astrophysics"
 * (its summary table), TAP_SCHEMA the TAP 1.1 §4 tables.
 */
public final class TapMetadata {

    /** The one published table set (without uploads). */
    public static final TableSet TABLES = build();

    private static final String OBSCORE = "obscore:";

    private TapMetadata() {
    }

    /**
     * A column name as published in TAP_SCHEMA and VOSI tables: delimited when it is an ADQL reserved word
     * (TAP 1.1 §4.3; here only TAP_SCHEMA.columns."size").
     */
    public static String publishedName(Column c) {
        return c.name().equalsIgnoreCase("size") ? '"' + c.name() + '"' : c.name();
    }

    private static Column.Builder col(String name, String datatype, String unit, String ucd, String utype, String description) {
        Column.Builder b = Column.builder(name, datatype).description(description);
        if (unit != null) b.unit(unit);
        if (ucd != null) b.ucd(ucd);
        if (utype != null) b.utype(utype);
        if ("char".equals(datatype)) b.arraysize("*");
        return b;
    }

    /** An ObsCore 1.1 standard column. */
    private static Column.Builder std(String name, String datatype, String unit, String ucd, String utype, String description) {
        return col(name, datatype, unit, ucd, utype == null ? null : OBSCORE + utype, description).std();
    }

    private static TableSet build() {
        Table obscore = Table.builder("ivoa", "obscore")
                .description("ObsCore 1.1 observation table: one row per DL3 observation (dataproduct_type hea-event-bundle) "
                        + "and one per instrument response function (dataproduct_type response-function)")
                .position("s_ra", "s_dec")
                .column(std("dataproduct_type", "char", null, "meta.code.class", "ObsDataset.dataProductType",
                        "Data product type: hea-event-bundle (events, GTI and IRFs of one observation) or response-function").principal().indexed())
                .column(std("dataproduct_subtype", "char", null, "meta.code.class", "ObsDataset.dataProductSubtype",
                        "Response function type for response-function rows: aeff, edisp, psf, bkgrate, rad_max"))
                .column(std("calib_level", "short", null, "meta.code;obs.calib", "ObsDataset.calibLevel",
                        "Calibration level: 2 (calibrated, reconstructed events and IRFs, DL3)").principal())
                .column(std("obs_collection", "char", null, "meta.id", "DataID.Collection",
                        "Data release the dataset belongs to").principal().indexed())
                .column(std("obs_id", "char", null, "meta.id", "DataID.observationID",
                        "Observation identifier: the OBS_ID of the DL3 observation").principal().indexed())
                .column(std("obs_title", "char", null, "meta.title;obs", "DataID.Title", "Short human-readable title"))
                .column(std("obs_publisher_did", "char", null, "meta.ref.ivoid", "Curation.PublisherDID",
                        "Publisher's IVOA dataset identifier; key shared with ivoa.obscore_hea").principal().indexed())
                .column(std("obs_creator_did", "char", null, "meta.id", "DataID.CreatorDID", "Creator's dataset identifier (not known)"))
                .column(std("access_url", "char", null, "meta.ref.url", "Access.Reference",
                        "URL of the dataset: the DataLink document for bundles, the FITS file for response functions").principal())
                .column(std("access_format", "char", null, "meta.code.mime", "Access.Format", "MIME type of the resource at access_url").principal())
                .column(std("access_estsize", "long", "kbyte", "phys.size;meta.file", "Access.Size",
                        "Estimated size of the resource at access_url").principal())
                .column(std("target_name", "char", null, "meta.id;src", "Target.Name", "Observed target (OBJECT)").principal().indexed())
                .column(std("target_class", "char", null, "src.class", "Target.Class", "Class of the target (not known)"))
                .column(std("s_ra", "double", "deg", "pos.eq.ra", "Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1",
                        "Right ascension (ICRS) of the pointing direction").principal().indexed())
                .column(std("s_dec", "double", "deg", "pos.eq.dec", "Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C2",
                        "Declination (ICRS) of the pointing direction").principal().indexed())
                .column(std("s_fov", "double", "deg", "phys.angSize;instr.fov", "Char.SpatialAxis.Coverage.Bounds.Extent.diameter",
                        "Diameter of the instrument's field of view").principal())
                .column(std("s_region", "char", null, "pos.outline;obs.field", "Char.SpatialAxis.Coverage.Support.Area",
                        "Sky region covered (STC-S circle of diameter s_fov around the pointing)").xtype("adql:REGION"))
                .column(col("s_circle", "double", "deg", "pos.outline;obs.field", null,
                        "The s_region circle as a DALI circle (ra, dec, radius): usable in ADQL geometry functions, "
                                + "e.g. CONTAINS(POINT('ICRS', 83.63, 22.01), s_circle) = 1").arraysize("3").xtype("circle"))
                .column(std("s_resolution", "double", "arcsec", "pos.angResolution", "Char.SpatialAxis.Resolution.Refval.value",
                        "Angular resolution (not given)"))
                .column(std("s_xel1", "long", null, "meta.number", "Char.SpatialAxis.numBins1", "Not pixelated: -1"))
                .column(std("s_xel2", "long", null, "meta.number", "Char.SpatialAxis.numBins2", "Not pixelated: -1"))
                .column(std("t_min", "double", "d", "time.start;obs.exposure", "Char.TimeAxis.Coverage.Bounds.Limits.StartTime",
                        "Start time (MJD, in the file's time scale TIMESYS): MJDREFI + MJDREFF + TSTART/86400").principal().indexed())
                .column(std("t_max", "double", "d", "time.end;obs.exposure", "Char.TimeAxis.Coverage.Bounds.Limits.StopTime",
                        "Stop time (MJD, in the file's time scale TIMESYS): MJDREFI + MJDREFF + TSTOP/86400").principal().indexed())
                .column(std("t_exptime", "double", "s", "time.duration;obs.exposure", "Char.TimeAxis.Coverage.Support.Extent",
                        "Exposure time: LIVETIME (dead-time corrected)").principal())
                .column(std("t_resolution", "double", "s", "time.resolution", "Char.TimeAxis.Resolution.Refval.value", "Time resolution (not given)"))
                .column(std("t_xel", "long", null, "meta.number", "Char.TimeAxis.numBins", "Not binned: -1"))
                .column(std("em_min", "double", "m", "em.wl;stat.min", "Char.SpectralAxis.Coverage.Bounds.Limits.LoLimit",
                        "Shortest wavelength: hc/energy_max").principal().indexed())
                .column(std("em_max", "double", "m", "em.wl;stat.max", "Char.SpectralAxis.Coverage.Bounds.Limits.HiLimit",
                        "Longest wavelength: hc/energy_min").principal().indexed())
                .column(std("em_res_power", "double", null, "spect.resolution", "Char.SpectralAxis.Resolution.ResolPower.refVal",
                        "Spectral resolving power (not given)"))
                .column(std("em_xel", "long", null, "meta.number", "Char.SpectralAxis.numBins", "Not binned: -1"))
                .column(std("em_ucd", "char", null, "meta.ucd", "Char.SpectralAxis.ucd", "Nature of the spectral axis: em.energy"))
                .column(std("o_ucd", "char", null, "meta.ucd", "Char.ObservableAxis.ucd",
                        "Observables (hash-separated list, as the HE note proposes)"))
                .column(std("pol_states", "char", null, "meta.code;phys.polarization", "Char.PolarizationAxis.stateList",
                        "Polarization states (none)"))
                .column(std("pol_xel", "long", null, "meta.number", "Char.PolarizationAxis.numBins", "Polarization samples (none)"))
                .column(std("facility_name", "char", null, "meta.id;instr.tel", "Provenance.ObsConfig.Facility.name",
                        "Observatory: H.E.S.S., CTAO, MAGIC, VERITAS").principal().indexed())
                .column(std("instrument_name", "char", null, "meta.id;instr", "Provenance.ObsConfig.Instrument.name",
                        "Instrument (INSTRUME, or the array configuration)").principal())
                .build();

        Table hea = Table.builder("ivoa", "obscore_hea")
                .description("High-Energy ObsCore extension (IVOA note, ivoa.obscore_hea): one row per ivoa.obscore row, "
                        + "same obs_publisher_did, so that ivoa.obscore NATURAL JOIN ivoa.obscore_hea pairs them")
                .column(col("obs_publisher_did", "char", null, "meta.ref.ivoid", OBSCORE + "Curation.PublisherDID",
                        "Publisher's dataset identifier, as in ivoa.obscore").principal().indexed().std())
                .column(col("ev_xel", "long", null, "meta.number;instr.detection;phys.particle", null,
                        "Number of events in the event list").principal())
                .column(col("energy_min", "double", "eV", "em.energy;stat.min", null,
                        "Lowest energy: the safe energy threshold where the release gives one, else the lowest reconstructed event energy").principal().indexed())
                .column(col("energy_max", "double", "eV", "em.energy;stat.max", null,
                        "Highest energy: the safe upper energy where given, else the highest reconstructed event energy").principal().indexed())
                .column(col("s_ref_energy", "double", "eV", "meta.ref;em.energy;pos", null,
                        "Energy at which s_fov and s_region are given (not energy dependent here: NULL)"))
                .column(col("em_ref_energy", "double", "eV", "meta.ref;em.energy;em", null,
                        "Energy at which em_res_power is given (NULL: not given)"))
                .column(col("s_ref_oaa", "double", "deg", "pos.posAng;instr.offset;pos", null,
                        "Off-axis angle at which the spatial characterisation is given (NULL)"))
                .column(col("em_ref_oaa", "double", "deg", "pos.posAng;instr.offset;em", null,
                        "Off-axis angle at which the spectral characterisation is given (NULL)"))
                .column(col("t_intervals", "double", "d", "time.interval;obs.exposure", null,
                        "Good time intervals as MJD pairs (start1, stop1, start2, stop2, ...), in the file's time scale; "
                                + "the note's TMOC is not representable in ADQL yet").arraysize("*"))
                .column(col("obs_mode", "char", null, "meta.code;obs.param", null, "Observation mode as written by the instrument (OBS_MODE), e.g. WOBBLE, POINTING"))
                .column(col("tracking_mode", "char", null, "meta.code;obs.param", null, "Tracking mode: sidereal").principal())
                .column(col("scan_mode", "char", null, "meta.code;obs.param", null,
                        "Scan mode: on-the-fly-cross-map for wobble observations, on-source for pointed ones"))
                .column(col("pointing_mode", "char", null, "meta.code;obs.param", null, "Telescope pointing mode: parallel"))
                .column(col("analysis_mode", "char", null, "meta.code;obs.param", null,
                        "Data reduction configuration, e.g. the event class or IRF name"))
                .column(col("event_type", "char", null, "meta.code.qual;instr.detection;phys.particle", null,
                        "Event quality class (EV_CLASS where given)"))
                .column(col("messenger", "char", null, "meta.id;phys.particle", null, "Messenger particle: photon").principal())
                .column(col("messenger_pdgid", "char", null, "meta.ref.pdgid;phys.particle", null, "Messenger PDG ID: +22 (photon)"))
                .build();

        TableSet.Builder b = TableSet.builder()
                .schema("ivoa", "IVOA data models: ObsCore 1.1 and its High-Energy extension")
                .schema("TAP_SCHEMA", "TAP 1.1 metadata: the published schemas, tables, columns and foreign keys")
                .table(obscore).table(hea);
        for (Table t : tapSchemaTables()) b.table(t);
        return b.build();
    }

    private static List<Table> tapSchemaTables() {
        String s = "TAP_SCHEMA";
        Table schemas = Table.builder(s, "schemas").db("tap_schema", "schemas").description("Schemas published by this service")
                .column(col("schema_name", "char", null, "meta.id", null, "Schema name as used in ADQL").principal().std())
                .column(col("utype", "char", null, null, null, "UType of the schema").principal().std())
                .column(col("description", "char", null, "meta.note", null, "Description of the schema").principal().std())
                .column(col("schema_index", "int", null, "meta.code.number", null, "Recommended order").std())
                .build();
        Table tables = Table.builder(s, "tables").db("tap_schema", "tables").description("Tables published by this service")
                .column(col("schema_name", "char", null, "meta.id", null, "Schema the table belongs to").principal().std())
                .column(col("table_name", "char", null, "meta.id", null, "Fully qualified table name as used in ADQL").principal().std())
                .column(col("table_type", "char", null, "meta.code", null, "table or view").principal().std())
                .column(col("utype", "char", null, null, null, "UType of the table").principal().std())
                .column(col("description", "char", null, "meta.note", null, "Description of the table").principal().std())
                .column(col("table_index", "int", null, "meta.code.number", null, "Recommended order").std())
                .foreignKey(new ForeignKey("tables_schema", "TAP_SCHEMA.schemas", List.of("schema_name"), List.of("schema_name"),
                        "Each table belongs to a schema", null))
                .build();
        Table columns = Table.builder(s, "columns").db("tap_schema", "columns").description("Columns of the published tables")
                .column(col("table_name", "char", null, "meta.id", null, "Fully qualified table name").principal().std())
                .column(col("column_name", "char", null, "meta.id", null, "Column name as used in ADQL").principal().std())
                .column(col("datatype", "char", null, "meta.code", null, "VOTable datatype").principal().std())
                .column(col("arraysize", "char", null, "meta.code", null, "VOTable arraysize").principal().std())
                .column(col("xtype", "char", null, "meta.code", null, "DALI xtype").principal().std())
                .column(col("size", "int", null, "meta.number", null, "Deprecated length of the column (TAP 1.0)").dbName("size").std())
                .column(col("description", "char", null, "meta.note", null, "Description of the column").principal().std())
                .column(col("utype", "char", null, null, null, "UType of the column").principal().std())
                .column(col("unit", "char", null, "meta.unit", null, "Unit in VO standard format").principal().std())
                .column(col("ucd", "char", null, "meta.ucd", null, "UCD of the column").principal().std())
                .column(col("indexed", "int", null, "meta.code", null, "1 if the column is indexed, else 0").principal().std())
                .column(col("principal", "int", null, "meta.code", null, "1 if the column is principal, else 0").principal().std())
                .column(col("std", "int", null, "meta.code", null, "1 if the column is defined by a standard, else 0").principal().std())
                .column(col("column_index", "int", null, "meta.code.number", null, "Recommended order").std())
                .foreignKey(new ForeignKey("columns_table", "TAP_SCHEMA.tables", List.of("table_name"), List.of("table_name"),
                        "Each column belongs to a table", null))
                .build();
        Table keys = Table.builder(s, "keys").db("tap_schema", "keys").description("Foreign keys between published tables")
                .column(col("key_id", "char", null, "meta.id", null, "Key identifier").principal().std())
                .column(col("from_table", "char", null, "meta.id", null, "Table with the foreign key").principal().std())
                .column(col("target_table", "char", null, "meta.id", null, "Table referenced").principal().std())
                .column(col("description", "char", null, "meta.note", null, "Description of the key").principal().std())
                .column(col("utype", "char", null, null, null, "UType of the key").principal().std())
                .foreignKey(new ForeignKey("keys_from", "TAP_SCHEMA.tables", List.of("from_table"), List.of("table_name"),
                        "The table holding the key", null))
                .foreignKey(new ForeignKey("keys_target", "TAP_SCHEMA.tables", List.of("target_table"), List.of("table_name"),
                        "The table referenced", null))
                .build();
        Table keyColumns = Table.builder(s, "key_columns").db("tap_schema", "key_columns").description("Columns of the foreign keys")
                .column(col("key_id", "char", null, "meta.id", null, "Key identifier").principal().std())
                .column(col("from_column", "char", null, "meta.id", null, "Column in from_table").principal().std())
                .column(col("target_column", "char", null, "meta.id", null, "Column in target_table").principal().std())
                .foreignKey(new ForeignKey("key_columns_key", "TAP_SCHEMA.keys", List.of("key_id"), List.of("key_id"),
                        "The key the column belongs to", null))
                .build();
        return List.of(schemas, tables, columns, keys, keyColumns);
    }
}

// The project record (.opsmith.json): its schema, one reader, one writer. Nothing else parses the file.
export { RECORD_FILE, parseProjectRecord, projectRecordText, readProjectRecord, recordedLayers, recordTextWithProfiles, recordedSource, requireProjectRecord, templateRecord, writeProjectRecord, type ProjectRecordResult, type RecordIssue, type RecordLocation, type RecordPath } from './record.js'
export { PROJECT_RECORD_SCHEMA, type PackSource, type PackSourceType, type ProjectRecord, type RecordedAnswers, type RecordedLayer } from './schema.js'

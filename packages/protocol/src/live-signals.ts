/**
 * The payload of `heads`, which every namespace's clients get every few seconds: the latest seq
 * of the sessions written in that interval, by session id. A client that has less of one of
 * its sessions missed a live event (lost between server processes, issue 11) and resumes.
 */
export interface SessionHeads {
  heads: Record<string, number>;
}

import { useApolloClient, useSubscription } from '@apollo/client/react';
import { useRef } from 'react';
import { type ProgramStatusLiveSubscription, StatusChange_ProgramFragmentDoc } from '../../gql/graphql.js';
import { getFragmentData, graphql } from '../../gql/index.js';

const ProgramStatusLive = graphql(`
  subscription ProgramStatusLive {
    programStatusChanged {
      from
      to
      program {
        ...StatusChange_program
        id
        name
        slug
        category {
          id
          slug
        }
      }
    }
  }
`);

export type LiveStatusEvent = ProgramStatusLiveSubscription['programStatusChanged'];

export interface LiveStatusChange {
  event: LiveStatusEvent;
  /** Newer than what the console showed: not the echo of a change made here (whose answer, or optimistic answer, came first). */
  news: boolean;
}

/**
 * Every status change, whoever made it (another admin, an import, the CLI), written into the cache
 * as it happens so that every row showing the program follows. Only a newer version is written:
 * the echo of this console's own change, or an older event arriving late, changes nothing.
 */
export function useLiveProgramStatus(onChange: (change: LiveStatusChange) => void): void {
  const client = useApolloClient();
  const latest = useRef(onChange);
  latest.current = onChange;
  useSubscription(ProgramStatusLive, {
    // Written below, and only when newer: never over an optimistic answer or a fresher row.
    fetchPolicy: 'no-cache',
    onData: ({ data }) => {
      const event = data.data?.programStatusChanged;
      if (!event) return;
      const { id, admissionStatus, version, statusChangedAt } = getFragmentData(StatusChange_ProgramFragmentDoc, event.program);
      const cacheId = client.cache.identify({ __typename: 'Program', id });
      const shown = client.cache.readFragment({
        id: cacheId,
        fragment: StatusChange_ProgramFragmentDoc,
        optimistic: true,
      });
      const news = !shown || shown.version < version;
      if (shown && news) {
        client.cache.writeFragment({
          id: cacheId,
          fragment: StatusChange_ProgramFragmentDoc,
          data: { id, admissionStatus, version, statusChangedAt },
        });
      }
      latest.current({ event, news });
    },
  });
}

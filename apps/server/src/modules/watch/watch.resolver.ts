import { WatchTrigger } from '@certhub/domain/watch';
import { Arg, Ctx, Field, ID, InputType, Mutation, Resolver, registerEnumType } from 'type-graphql';
import type { Context } from '../../context.js';
import { expectGlobalId } from '../../shared/global-id.js';
import { InputArg } from '../../shared/schema-fields.js';
import { ProgramEntity } from '../program/program.entity.js';

registerEnumType(WatchTrigger, {
  name: 'WatchTrigger',
  description: 'What someone watching a program is told about.',
  valuesConfig: {
    STARTS_SEEKING: { description: 'Only when the program starts seeking partners.' },
    ANY_STATUS_CHANGE: { description: 'Any change of its admission status.' },
  },
});

@InputType('WatchProgramInput', { description: 'A request to be told by email about a program.' })
export class WatchProgramInput {
  @Field(() => ID, { description: 'The program to watch.' })
  programId!: string;

  @Field(() => String, {
    description: 'Where to send the confirmation link and, once confirmed, the news. Never shown to anyone.',
  })
  email!: string;

  @Field(() => WatchTrigger, { defaultValue: WatchTrigger.STARTS_SEEKING, description: 'What to be told about.' })
  trigger!: WatchTrigger;

  @Field(() => String, {
    nullable: true,
    description:
      'The language of the emails: the code of a language of the public site (en, de), the page it was asked on. English when left out.',
  })
  locale?: string | null;
}

@Resolver()
export class WatchResolver {
  @Mutation(() => Boolean, {
    description:
      'Asks for news of a program by email. A confirmation link is sent first (double opt-in); the answer is the same whether or not the address already watches.',
  })
  async watchProgram(
    @Ctx() { services, request }: Context,
    @InputArg(() => WatchProgramInput, 'The program, the email address and what to be told about.')
    input: WatchProgramInput,
  ): Promise<boolean> {
    await services.watches.watch({ ...input, programId: expectGlobalId(input.programId, 'Program', 'input.programId') }, request);
    return true;
  }

  @Mutation(() => ProgramEntity, { nullable: true, description: 'Follows the confirmation link; null when the link is unknown.' })
  confirmProgramWatch(
    @Ctx() { services }: Context,
    @Arg('token', () => String, { description: 'The token of the confirmation link.' }) token: string,
  ): Promise<ProgramEntity | null> {
    return services.watches.confirm(token);
  }

  @Mutation(() => ProgramEntity, {
    nullable: true,
    description: 'Follows an unsubscribe link: the address is deleted. Null when the link is unknown.',
  })
  unsubscribeProgramWatch(
    @Ctx() { services }: Context,
    @Arg('token', () => String, { description: 'The token of the unsubscribe link.' }) token: string,
  ): Promise<ProgramEntity | null> {
    return services.watches.unsubscribe(token);
  }
}

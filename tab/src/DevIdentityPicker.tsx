import { Button, Card, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Select, Text } from '@fluentui/react-components';
import { useState } from 'react';
import type { TabSetup } from '../../src/tab/tab-wire.ts';
import type { Say } from './strings.ts';

/**
 * Local anonymous mode only: the desk has no app id, so there is no Teams
 * sign-in, and the page offers a clearly marked development identity instead.
 */
export function DevIdentityPicker({ people, t, onPick }: { people: NonNullable<TabSetup['people']>; t: Say; onPick(id: string): void }) {
  const [chosen, setChosen] = useState(people[0]?.id ?? '');
  const [custom, setCustom] = useState('');
  const id = custom.trim() || chosen;
  return (
    <Card className="panel">
      <MessageBar intent="warning">
        <MessageBarBody>
          <MessageBarTitle>{t('tab.dev.title')}</MessageBarTitle>
          {t('tab.dev.text')}
        </MessageBarBody>
      </MessageBar>
      <form
        className="dev-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (id) onPick(id);
        }}
      >
        {people.length > 0 ? (
          <Field label={t('tab.dev.person')}>
            <Select value={chosen} onChange={(_, data) => setChosen(data.value)}>
              {people.map((person) => (
                <option key={person.id} value={person.id}>
                  {(person.name || t('tab.dev.unnamed')) + (person.lead ? ` (${t('tab.dev.lead')})` : '')}
                </option>
              ))}
            </Select>
          </Field>
        ) : null}
        <Field label={t('tab.dev.customId')}>
          <Input value={custom} maxLength={128} onChange={(_, data) => setCustom(data.value)} />
        </Field>
        <Button type="submit" appearance="primary" disabled={!id}>
          {t('tab.dev.use')}
        </Button>
      </form>
      <Text className="subtle">{t('tab.dev.banner')}</Text>
    </Card>
  );
}

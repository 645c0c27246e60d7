import type { ScalarTag, Tags } from 'yaml';
import { exactNumber, JSON_NUMBER } from '../../bus/pattern/exact-numbers.js';

/** YAML's int and float tags with exactNumber's rule for decimal numbers (hex, octal, .inf, .nan as YAML reads them). */
export function exactNumberTags(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag === 'string' || !isScalarNumberTag(tag)) return tag;
    const resolve = tag.resolve.bind(tag);
    const exact: ScalarTag = {
      ...tag,
      resolve: (source, onError, options) => {
        const plain = source.startsWith('+') ? source.slice(1) : source;
        return JSON_NUMBER.test(plain) ? exactNumber(plain) : resolve(source, onError, options);
      },
    };
    return exact;
  });
}

function isScalarNumberTag(tag: Tags[number]): tag is ScalarTag & { resolve: NonNullable<ScalarTag['resolve']> } {
  return (
    typeof tag === 'object' &&
    'resolve' in tag &&
    typeof tag.resolve === 'function' &&
    (tag.tag === 'tag:yaml.org,2002:int' || tag.tag === 'tag:yaml.org,2002:float') &&
    !('collection' in tag && tag.collection !== undefined)
  );
}

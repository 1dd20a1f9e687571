package io.anthill.example.trading;

import java.util.Arrays;

/**
 * The instruments this partition owns and the dense "asset slots" its accounts index balances by: slot 0 is cash,
 * slots 1..n are the owned instruments' assets in id order. Fixed at start-up from the {@link ExchangeContext}.
 */
final class OwnedInstruments
{
    static final int CASH_SLOT = 0;
    static final int NOT_OWNED = -1;

    private final int partitionId;
    private final int partitionCount;
    private final int[] slotByAssetId;
    private final int[] assetIdBySlot;

    OwnedInstruments(final ExchangeContext context)
    {
        partitionId = context.partitionId();
        partitionCount = context.partitionCount();
        slotByAssetId = new int[context.instrumentCount() + 1];
        Arrays.fill(slotByAssetId, NOT_OWNED);
        slotByAssetId[TradingLimits.CASH_ASSET_ID] = CASH_SLOT;

        final int[] owned = new int[context.instrumentCount() + 1];
        int slotCount = 1;
        for (int instrumentId = 1; instrumentId <= context.instrumentCount(); instrumentId++)
        {
            if (InstrumentPartitioner.partitionOf(instrumentId, partitionCount) == partitionId)
            {
                slotByAssetId[instrumentId] = slotCount;
                owned[slotCount++] = instrumentId;
            }
        }
        assetIdBySlot = Arrays.copyOf(owned, slotCount);
    }

    /**
     * @return the asset slot of an asset, or {@link #NOT_OWNED} if this partition does not hold it.
     */
    int slotOf(final int assetId)
    {
        return isKnownAsset(assetId) ? slotByAssetId[assetId] : NOT_OWNED;
    }

    boolean isKnownAsset(final int assetId)
    {
        return assetId >= 0 && assetId < slotByAssetId.length;
    }

    int assetIdOf(final int slot)
    {
        return assetIdBySlot[slot];
    }

    /**
     * @return slots including cash: 1 + the number of owned instruments.
     */
    int slotCount()
    {
        return assetIdBySlot.length;
    }

    int partitionId()
    {
        return partitionId;
    }
}

-- CreateTable
CREATE TABLE "FeedSubscription" (
    "clientId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "channelId" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FeedSubscription_pkey" PRIMARY KEY ("clientId")
);

-- CreateTable
CREATE TABLE "FeedCalendar" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "calendarId" TEXT NOT NULL,
    "calendarName" TEXT NOT NULL,
    "syncToken" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "lastSyncAt" TIMESTAMP(3),
    "channelId" TEXT,
    "channelResourceId" TEXT,
    "channelTokenHash" TEXT,
    "channelExpiresAt" TIMESTAMP(3),

    CONSTRAINT "FeedCalendar_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeedEventState" (
    "feedCalendarId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "snapshot" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FeedEventState_pkey" PRIMARY KEY ("feedCalendarId","eventId")
);

-- CreateIndex
CREATE INDEX "FeedSubscription_teamId_idx" ON "FeedSubscription"("teamId");

-- CreateIndex
CREATE UNIQUE INDEX "FeedCalendar_channelId_key" ON "FeedCalendar"("channelId");

-- CreateIndex
CREATE INDEX "FeedCalendar_teamId_idx" ON "FeedCalendar"("teamId");

-- CreateIndex
CREATE UNIQUE INDEX "FeedCalendar_clientId_calendarId_key" ON "FeedCalendar"("clientId", "calendarId");

-- CreateIndex
CREATE INDEX "FeedEventState_teamId_idx" ON "FeedEventState"("teamId");

-- AddForeignKey
ALTER TABLE "FeedSubscription" ADD CONSTRAINT "FeedSubscription_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedCalendar" ADD CONSTRAINT "FeedCalendar_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "FeedSubscription"("clientId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedEventState" ADD CONSTRAINT "FeedEventState_feedCalendarId_fkey" FOREIGN KEY ("feedCalendarId") REFERENCES "FeedCalendar"("id") ON DELETE CASCADE ON UPDATE CASCADE;

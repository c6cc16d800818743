-- CreateTable
CREATE TABLE "DeletedEvent" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "calendarId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "snapshot" JSONB NOT NULL,
    "deletedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "restoredAt" TIMESTAMP(3),

    CONSTRAINT "DeletedEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DeletedEvent_teamId_clientId_idx" ON "DeletedEvent"("teamId", "clientId");
